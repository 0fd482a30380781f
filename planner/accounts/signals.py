"""What the accounts feature announces to the features above it, so that it need not know them.

`role_granted` is sent (with the user) when a role is given; budgets stores the recusals that
the new role causes, at once rather than at the request's next submission.
"""
from __future__ import annotations

from blinker import Namespace

accounts = Namespace()
role_granted = accounts.signal("role-granted")
