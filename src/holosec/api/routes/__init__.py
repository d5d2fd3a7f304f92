"""One router per resource of the API, plus the login pages and the API docs."""
