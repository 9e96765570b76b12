"""The lab's tables mapped with SQLAlchemy 2 (what FastAPI projects use for a
relational database), and the same two queries as the Django ORM's, sync and
async, returning plain data of the same shape."""

from sqlalchemy import ForeignKey, create_engine, desc, distinct, func, select
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, contains_eager, mapped_column, relationship, sessionmaker

from labshared import PG, POOL_SIZE, PUBLISHED_SINCE, RECENT_BOOKS, TOP_AUTHORS, round_rating

URL = f"postgresql+psycopg://{PG['user']}@{PG['host']}:{PG['port']}/{PG['dbname']}"


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "lab_author"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    country: Mapped[str]


class Book(Base):
    __tablename__ = "lab_book"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("lab_author.id"))
    title: Mapped[str]
    published: Mapped[int]
    price_cents: Mapped[int]
    author: Mapped[Author] = relationship()


class Review(Base):
    __tablename__ = "lab_review"
    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("lab_book.id"))
    rating: Mapped[int]


def _top_authors_statement():
    avg_rating = func.avg(Review.rating).label("avg_rating")
    return (
        select(Author.id, Author.name, func.count(distinct(Book.id)).label("books"), avg_rating)
        .join(Book, Book.author_id == Author.id)
        .outerjoin(Review, Review.book_id == Book.id)
        .where(Book.published >= PUBLISHED_SINCE)
        .group_by(Author.id)
        .order_by(desc(avg_rating), Author.id)
        .limit(TOP_AUTHORS)
    )


def _recent_books_statement():
    reviews = func.count(Review.id).label("reviews")
    # The author comes from the same joined row; PostgreSQL needs its key grouped too.
    return (
        select(Book, reviews)
        .join(Book.author)
        .options(contains_eager(Book.author))
        .outerjoin(Review, Review.book_id == Book.id)
        .group_by(Book.id, Author.id)
        .order_by(desc(Book.published), Book.id)
        .limit(RECENT_BOOKS)
    )


def _author_row(row):
    return {"id": row.id, "name": row.name, "books": row.books, "avg_rating": round_rating(row.avg_rating)}


def _book_row(row):
    book, reviews = row
    return {
        "id": book.id,
        "title": book.title,
        "published": book.published,
        "author": {"id": book.author.id, "name": book.author.name, "country": book.author.country},
        "reviews": reviews,
    }


# At most POOL_SIZE connections, like Django's pool (max_size): SQLAlchemy
# would otherwise open up to max_overflow (10) more under load.
engine = create_engine(URL, pool_size=POOL_SIZE, max_overflow=0)
SyncSession = sessionmaker(engine)
async_engine = create_async_engine(URL, pool_size=POOL_SIZE, max_overflow=0)
AsyncSession = async_sessionmaker(async_engine)


def top_authors(session: Session):
    return [_author_row(row) for row in session.execute(_top_authors_statement())]


def recent_books(session: Session):
    return [_book_row(row) for row in session.execute(_recent_books_statement()).unique()]


async def top_authors_async(session):
    return [_author_row(row) for row in await session.execute(_top_authors_statement())]


async def recent_books_async(session):
    return [_book_row(row) for row in (await session.execute(_recent_books_statement())).unique()]
