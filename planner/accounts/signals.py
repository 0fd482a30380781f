"""What the accounts feature announces to the features above it, so that it need not know them.

`role_granted` is sent (with the user) when a role is given; budgets stores the recusals that
the new role causes, at once rather than at the request's next submission.
`settings_offered` is sent (with the user) as their profile is shown or saved; a receiver returns the names of the
profile's optional settings it offers them (languages offers its weekly e-mail to whoever may translate).
`account_closing` is sent (with the user) as an account is deleted, before its personal data is
erased; volunteering gives up the person's places on shifts still to come.
"""
from __future__ import annotations

from blinker import Namespace

accounts = Namespace()
role_granted = accounts.signal("role-granted")
account_closing = accounts.signal("account-closing")
settings_offered = accounts.signal("settings-offered")
# Sent (with the user) for a data export; a receiver returns {section name: list of plain values}.
export_requested = accounts.signal("export-requested")
