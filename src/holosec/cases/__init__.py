"""The commission workspace: agencies, people, cases, decisions, tasks, the register, need-to-know, audit
and notifications, in the workspace database (SQLAlchemy; SQLite by default, PostgreSQL by URL)."""
