import os

from sqlalchemy import MetaData, Table, create_engine

# The same DATABASE_URL Django reads; SQLAlchemy also wants the driver named.
url = os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
engine = create_engine(url, pool_pre_ping=True)

# Django's migrations create and change these tables. FastAPI reads their
# current shape from the database at start-up and never migrates anything.
metadata = MetaData()
users = Table("auth_user", metadata, autoload_with=engine)
tokens = Table("predictions_apitoken", metadata, autoload_with=engine)
predictions = Table("predictions_prediction", metadata, autoload_with=engine)
