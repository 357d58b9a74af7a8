"""Keystone's public WSGI app for gunicorn; scripts/keystone copies it into the run dir."""

import os
import sqlite3
import sys

import sqlalchemy
from sqlalchemy.engine import Engine

# oslo.config parses sys.argv: without this it sees gunicorn's flags and every worker exits 2.
sys.argv = sys.argv[:1]


# sqlite under several worker processes: oslo.db opens every transaction with a deferred
# BEGIN, and a transaction that read first and then writes while another process writes gets
# "database is locked" at once (sqlite cannot wait there without risking a deadlock), which
# Keystone turns into a 500. Taking the write lock up front (BEGIN IMMEDIATE) makes
# transactions queue on busy_timeout instead. Class-level listeners run before oslo.db's own
# per-engine ones, which then see the transaction already open and emit nothing.
@sqlalchemy.event.listens_for(Engine, "connect")
def _busy_timeout(dbapi_con, _record):
    if isinstance(dbapi_con, sqlite3.Connection):
        dbapi_con.execute("PRAGMA busy_timeout = 60000")
        # Keystone relies on ON DELETE CASCADE (MySQL enforces it; sqlite only with this
        # pragma). Without it, deleting the newest application credential leaves its
        # application_credential_role rows behind, sqlite reuses its internal_id for the next
        # credential, and every later create fails with 409 "Duplicate entry".
        dbapi_con.execute("PRAGMA foreign_keys = ON")


def _begin_immediate(conn):
    if conn.dialect.name == "sqlite" and "in_transaction" not in conn.info:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        conn.info["in_transaction"] = True


# The oslo.db of older series opens its own sqlite transactions, where an extra BEGIN fails
# ("cannot start a transaction within a transaction"): there scripts/keystone sets
# APPCRED_SQLITE_BEGIN_IMMEDIATE=0 and runs one worker instead. MariaDB needs none of this.
if os.environ.get("APPCRED_SQLITE_BEGIN_IMMEDIATE", "1") == "1":
    sqlalchemy.event.listen(Engine, "begin", _begin_immediate)


from keystone.server import wsgi  # noqa: E402

application = wsgi.initialize_public_application()
