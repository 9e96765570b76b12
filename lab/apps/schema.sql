-- The lab's relational data: authors, their books, and reviews of the books.
-- Seeded deterministically (no randomness), so every run queries the same rows.
DROP TABLE IF EXISTS lab_review, lab_book, lab_author;

CREATE TABLE lab_author (
    id integer PRIMARY KEY,
    name text NOT NULL,
    country text NOT NULL
);
CREATE TABLE lab_book (
    id integer PRIMARY KEY,
    author_id integer NOT NULL REFERENCES lab_author (id),
    title text NOT NULL,
    published smallint NOT NULL,
    price_cents integer NOT NULL
);
CREATE TABLE lab_review (
    id integer PRIMARY KEY,
    book_id integer NOT NULL REFERENCES lab_book (id),
    rating smallint NOT NULL,
    created date NOT NULL
);

INSERT INTO lab_author
SELECT i, 'Author ' || i, (ARRAY['BR', 'DE', 'IN', 'JP', 'US'])[1 + i % 5]
FROM generate_series(1, 500) AS i;

INSERT INTO lab_book
SELECT i, 1 + (i * 7) % 500, 'Book ' || i, 1990 + (i * 13) % 35, 500 + (i * 37) % 4500
FROM generate_series(1, 5000) AS i;

INSERT INTO lab_review
SELECT i, 1 + i % 5000, 1 + (i::bigint * 2654435761 % 1000003) % 5, DATE '2020-01-01' + (i % 1500)
FROM generate_series(1, 50000) AS i;

CREATE INDEX ON lab_book (author_id);
CREATE INDEX ON lab_book (published);
CREATE INDEX ON lab_review (book_id);
ANALYZE;
