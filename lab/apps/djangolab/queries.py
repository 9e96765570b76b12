"""The lab's two relational queries through Django's ORM, sync and async,
returning plain data shaped exactly like the SQLAlchemy versions."""

from django.db.models import Avg, Count

from labshared import PUBLISHED_SINCE, RECENT_BOOKS, TOP_AUTHORS, round_rating

from .models import Author, Book


def _top_authors_query():
    # filter() before annotate() restricts the aggregates to the filtered books.
    return (
        Author.objects.filter(books__published__gte=PUBLISHED_SINCE)
        .annotate(book_count=Count("books", distinct=True), avg_rating=Avg("books__reviews__rating"))
        .order_by("-avg_rating", "id")
        .values("id", "name", "book_count", "avg_rating")[:TOP_AUTHORS]
    )


def _recent_books_query():
    return (
        Book.objects.select_related("author")
        .annotate(reviews_count=Count("reviews"))
        .order_by("-published", "id")[:RECENT_BOOKS]
    )


def _author_row(row):
    return {"id": row["id"], "name": row["name"], "books": row["book_count"], "avg_rating": round_rating(row["avg_rating"])}


def _book_row(book):
    return {
        "id": book.id,
        "title": book.title,
        "published": book.published,
        "author": {"id": book.author.id, "name": book.author.name, "country": book.author.country},
        "reviews": book.reviews_count,
    }


def top_authors():
    return [_author_row(row) for row in _top_authors_query()]


def recent_books():
    return [_book_row(book) for book in _recent_books_query()]


async def top_authors_async():
    return [_author_row(row) async for row in _top_authors_query()]


async def recent_books_async():
    return [_book_row(book) async for book in _recent_books_query()]
