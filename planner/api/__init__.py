"""The read-only JSON API (`/api/v1/…`, `/api/openapi.json`) and the directory's CSV downloads."""
