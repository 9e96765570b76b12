from django.db import models


class Author(models.Model):
    name = models.TextField()
    country = models.TextField()

    class Meta:
        db_table = "lab_author"
        managed = False


class Book(models.Model):
    author = models.ForeignKey(Author, models.CASCADE, related_name="books")
    title = models.TextField()
    published = models.SmallIntegerField()
    price_cents = models.IntegerField()

    class Meta:
        db_table = "lab_book"
        managed = False


class Review(models.Model):
    book = models.ForeignKey(Book, models.CASCADE, related_name="reviews")
    rating = models.SmallIntegerField()
    created = models.DateField()

    class Meta:
        db_table = "lab_review"
        managed = False
