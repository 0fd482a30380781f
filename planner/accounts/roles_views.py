"""Role administration: administrators manage every account's grants; chairs manage their own council."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice

from planner.accounts import invitations, safeguards, services
from planner.accounts.forms import ROLE_LABELS, ConfirmForm, CouncilMemberForm, GrantForm, UserSearchForm
from planner.accounts.models import COUNCIL_ROLES, CouncilInvitation, RoleGrant, User
from planner.accounts.services import GrantScope
from planner.accounts.signin import dormant_roles
from planner.accounts.tokens import LinkError
from planner.centres.models import Centre
from planner.councils.models import Council
from planner.db import session
from planner.directory.models import SearchEntry
from planner.folding import query_words
from planner.i18n import isolate
from planner.organisations.models import Organisation
from planner.pagination import paginate
from planner.permissions import Permission, require
from planner.pipeline import by_id_or_slug, get_or_404, one_or_404
from planner.pipeline import run
from planner.translated import shown_name

bp = Blueprint("roles", __name__)

SCOPE_CHOICES_PER_KIND = 50  # the scope select lists this many of each kind; a search narrows it
SCOPE_SEARCH_WORDS = 5
GRANT_HISTORY_LIMIT = 200


# --- administrators: every account --------------------------------------------------------


@bp.get("/admin/users")
def users():
    """Accounts, searched by name or email, a page at a time."""
    require(Permission.USER_ADMINISTER)
    form = UserSearchForm(request.args)
    statement = select(User).order_by(User.name, User.id)
    query = form.q.data if form.validate() and form.q.data else ""
    if query:
        statement = statement.where(services.named_or_addressed(query))
    page = paginate(statement, query_args={"q": query} if query else {})
    return render_template("accounts/admin_users.html", form=form, page=page)


@bp.get("/admin/users/<id:user_id>")
def user(user_id: int):
    """One account with its grants, and a form to grant another role."""
    require(Permission.USER_ADMINISTER)
    return _user_page(get_or_404(User, user_id), GrantForm())


@bp.post("/admin/users/<id:user_id>/grants")
def grant(user_id: int):
    """Grant a role to the account."""
    require(Permission.USER_ADMINISTER)
    holder = get_or_404(User, user_id)
    form = GrantForm()
    if not form.validate_on_submit():
        return _user_page(holder, form), 400
    if not run(lambda: _grant_chosen_role(holder, form), form):
        return _user_page(holder, form), 400
    flash(_("Role granted to %(name)s.", name=isolate(holder.name)), "success")
    return redirect(url_for("roles.user", user_id=holder.id))


@bp.post("/admin/users/<id:user_id>/grants/<id:grant_id>/revoke")
def revoke(user_id: int, grant_id: int):
    """Revoke one of the account's grants (it stays in the history)."""
    require(Permission.USER_ADMINISTER)
    record = one_or_404(select(RoleGrant).where(RoleGrant.id == grant_id, RoleGrant.user_id == user_id))
    require(Permission.ROLE_GRANT, GrantScope.of(record))
    _revoke(record)
    return redirect(url_for("roles.user", user_id=user_id))


@bp.post("/admin/users/<id:user_id>/two-factor/reset")
def reset_two_factor(user_id: int):
    """Turn off someone's two-step verification (a lost phone); they are signed out and told. Audited."""
    require(Permission.USER_ADMINISTER)
    holder = get_or_404(User, user_id)
    actor = current_user._get_current_object()
    if ConfirmForm().validate_on_submit() and run(lambda: safeguards.reset_two_factor(actor, holder),
                                                  unplaced="flash"):
        flash(_("Two-step verification of %(name)s has been reset.", name=isolate(holder.name)), "success")
    return redirect(url_for("roles.user", user_id=holder.id))


def _grant_chosen_role(holder: User, form: GrantForm) -> None:
    scope = services.scope_from_choice(form.role.data, form.scope.data)
    require(Permission.ROLE_GRANT, scope)
    services.grant_role(current_user._get_current_object(), holder, scope)


def _user_page(holder: User, form: GrantForm):
    search = request.args.get("scope_q", "").strip()[:100]
    form.scope.choices = _scope_choices(search)
    history = session.scalars(
        select(RoleGrant).where(RoleGrant.user_id == holder.id)
        .options(joinedload(RoleGrant.council), joinedload(RoleGrant.organisation), joinedload(RoleGrant.centre))
        .order_by(RoleGrant.revoked_at.is_not(None), RoleGrant.granted_at.desc()).limit(GRANT_HISTORY_LIMIT)
    ).all()
    return render_template("accounts/admin_user.html", holder=holder, form=form, grants=history, scope_q=search)


def _scope_choices(search: str) -> list[SelectChoice]:
    """The councils, organisations and centres a grant can name, grouped by kind (at most a few of each)."""
    choices = [SelectChoice("", _("Everywhere"), optgroup=_("Administrator, volunteer"))]
    for label, model, kind in ((_("Councils"), Council, "council"), (_("Organisations"), Organisation, "organisation"),
                               (_("Centres"), Centre, "centre")):
        statement = select(model).order_by(model.name).limit(SCOPE_CHOICES_PER_KIND)
        if words := query_words(search, SCOPE_SEARCH_WORDS):  # in any of its languages, as the directory finds it
            named = [SearchEntry.title_search.contains(word, autoescape=True) for word in words]
            statement = statement.where(model.id.in_(
                select(SearchEntry.record_id).where(SearchEntry.kind == kind, *named)))
        choices += [SelectChoice(f"{kind}:{record.id}", shown_name(record), optgroup=label)
                    for record in session.scalars(statement)]
    return choices


def _revoke(record: RoleGrant) -> bool:
    if not run(lambda: services.revoke_role(current_user._get_current_object(), record)):
        return False
    flash(_("Role removed from %(name)s.", name=isolate(record.user.name)), "success")
    return True


# --- chairs: their own council's members --------------------------------------------------


@bp.route("/councils/<key>/members", methods=["GET", "POST"])
def council_members(key: str):
    """The council's members, treasurer and chair; the chair (or an administrator) invites and removes them."""
    council = by_id_or_slug(Council, key)
    require(Permission.COUNCIL_MEMBERS_MANAGE, council)
    form = CouncilMemberForm()
    if form.validate_on_submit() and run(lambda: _invite(council, form), form):
        flash(_("Invitation sent to %(email)s. The role is given when they accept it.",
                email=isolate(form.email.data)), "success")
        return redirect(url_for("roles.council_members", key=key))
    members = paginate(
        select(RoleGrant).where(RoleGrant.council_id == council.id, RoleGrant.role.in_(COUNCIL_ROLES),
                                RoleGrant.revoked_at.is_(None))
        .join(RoleGrant.user).options(joinedload(RoleGrant.user)).order_by(User.name, RoleGrant.role),
        query_args={"key": key},
    )
    status = 400 if form.errors else 200
    return render_template("accounts/council_members.html", council=council, form=form, members=members,
                           invitations=invitations.open_invitations(council)), status


def _invite(council: Council, form: CouncilMemberForm) -> None:
    scope = services.scope_from_choice(form.role.data, f"council:{council.id}")
    require(Permission.ROLE_GRANT, scope)
    invitations.invite(current_user._get_current_object(), council, form.email.data, form.role.data)


@bp.post("/councils/<key>/invitations/<id:invitation_id>/cancel")
def cancel_invitation(key: str, invitation_id: int):
    """Withdraw an invitation that has not been accepted."""
    council = by_id_or_slug(Council, key)
    require(Permission.COUNCIL_MEMBERS_MANAGE, council)
    record = one_or_404(select(CouncilInvitation).where(CouncilInvitation.id == invitation_id,
                                                        CouncilInvitation.council_id == council.id))
    if ConfirmForm().validate_on_submit() and run(
            lambda: invitations.cancel(current_user._get_current_object(), record), unplaced="flash"):
        flash(_("Invitation withdrawn."), "success")
    return redirect(url_for("roles.council_members", key=key))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str):
    """Open an invitation: sign in with the invited address, then accept it."""
    try:
        offer = invitations.invitation_for(token)
    except LinkError as error:
        return render_template("accounts/link_problem.html", message=error.message), 404
    form = ConfirmForm()
    if current_user.is_authenticated and form.validate_on_submit():
        user = current_user._get_current_object()
        if run(lambda: invitations.accept(user, token), form):
            flash(_("You are now %(role)s of %(council)s.", role=ROLE_LABELS[offer.role],
                    council=isolate(shown_name(offer.council))),
                  "success")
            return redirect(onwards_after_grant(user, offer))
    addressed = current_user.is_authenticated and invitations.addressed_to(offer, current_user)
    return render_template("accounts/invitation.html", offer=offer, form=form, addressed=addressed, token=token)


def onwards_after_grant(user: User, offer: CouncilInvitation) -> str:
    """The council's page, or enrolment in two-step verification when the new role needs it first."""
    if dormant_roles(user):
        flash(_("Set up two-step verification to use this role."), "info")
        return url_for("security.overview")
    return url_for("directory.council", key=offer.council.slug)


@bp.post("/councils/<key>/members/<id:grant_id>/remove")
def remove_council_member(key: str, grant_id: int):
    """Remove one council role of one person."""
    council = by_id_or_slug(Council, key)
    require(Permission.COUNCIL_MEMBERS_MANAGE, council)
    record = one_or_404(select(RoleGrant).where(RoleGrant.id == grant_id, RoleGrant.council_id == council.id,
                                                RoleGrant.role.in_(COUNCIL_ROLES)))
    require(Permission.ROLE_GRANT, GrantScope.of(record))
    _revoke(record)
    return redirect(url_for("roles.council_members", key=key))
