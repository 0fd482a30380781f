"""Email notifications through an outbox: written with the change, sent by a worker."""
