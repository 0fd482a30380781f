"""The council's work on budgets: envelopes, requests, review and decisions (the public pages: public_views.py).

Each view loads the record, checks the permission on it, validates the form, and hands the service
call to the pipeline (`planner.pipeline.run`), which commits it or shows the rule that refused it.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.budgets import queries
from planner.budgets.decisions import DecisionData, correct_decision, decide, is_corrected, latest_decisions
from planner.budgets.envelopes import envelope_for, set_envelope, valid_year
from planner.budgets.forms import (
    CommentForm,
    CorrectionForm,
    DecisionForm,
    EnvelopeForm,
    RecusalForm,
    RequestForm,
    VoteForm,
    request_form_data,
    use_currency,
    year_choices,
)
from planner.budgets.labels import outcome_label
from planner.budgets.models import BudgetRequest, Decision, DecisionOutcome, RequestStatus
from planner.budgets.reads import current_version
from planner.budgets.requests import (
    EDITABLE,
    create_request,
    submit_request,
    update_request,
    withdraw_request,
)
from planner.budgets.review import (
    add_comment,
    cast_vote,
    comments_on,
    declare_recusal,
    explain_recusal,
    quorum_status,
    recusal_of,
    recusals,
    votes_on,
)
from planner.clock import utcnow
from planner.councils.models import Council
from planner.currencies import minor_digits
from planner.digits import typed_whole_number
from planner.initiatives.models import Initiative
from planner.organisations.models import Organisation
from planner.pagination import paginate
from planner.permissions import Permission, can, require
from planner.pipeline import by_id_or_slug, get_or_404
from planner.pipeline import run
from planner.records.views import changed_since_shown
from planner.volunteering import hours_report

bp = Blueprint("budgets", __name__)


@bp.route("/councils/<key>/budget/<int(min=1, max=9999):year>/envelope", methods=["GET", "POST"])
def envelope(key: str, year: int):
    """The chair or treasurer sets the council's envelope for a year."""
    council = _council(key)
    require(Permission.ENVELOPE_SET, council)
    if not valid_year(year):
        abort(404)
    existing = envelope_for(council.id, year)
    form = EnvelopeForm(obj=existing)
    use_currency(form, council.currency)
    if form.validate_on_submit() and run(lambda: set_envelope(council, year, form.amount.data, current_user), form,
                                         unplaced="flash"):
        flash(_("The envelope for %(year)s is saved.", year=year), "success")
        return redirect(url_for("budget_pages.budget_year", key=council.slug, year=year))
    return render_template("budgets/envelope.html", council=council, year=year, form=form, envelope=existing)


# --- requests: the coordinator's side -----------------------------------------------------


@bp.route("/initiatives/<key>/requests/new", methods=["GET", "POST"])
def new_request(key: str):
    """A coordinator of the lead organisation drafts a request to the initiative's council."""
    initiative = by_id_or_slug(Initiative, key)
    require(Permission.REQUEST_CREATE, initiative)
    form = RequestForm(data={"fiscal_year": utcnow().year + 1})
    form.fiscal_year.choices = year_choices(utcnow().year)
    use_currency(form, initiative.council.currency)
    if _adding_rows(form):
        pass
    elif form.validate_on_submit() and (
            done := run(lambda: create_request(initiative, form.as_data(), current_user), form, unplaced="flash")):
        flash(_("Your draft is saved. Submit it when it is ready for the council."), "success")
        return redirect(url_for("budgets.show_request", request_id=done.value.id))
    return render_template("budgets/request_form.html", form=form, initiative=initiative, budget_request=None,
                           currency=initiative.council.currency,
                           currency_digits=minor_digits(initiative.council.currency))


@bp.route("/requests/<id:request_id>/edit", methods=["GET", "POST"])
def edit_request(request_id: int):
    """Change a draft, or revise a request the council returned (that makes a new version)."""
    budget_request = _request_for(request_id, Permission.REQUEST_EDIT)
    if budget_request.status not in EDITABLE:
        flash(_("Only a draft or a request returned for changes can be edited."), "error")
        return redirect(url_for("budgets.show_request", request_id=request_id))
    form = RequestForm(data=request_form_data(budget_request))
    form.fiscal_year.choices = year_choices(utcnow().year, keep=budget_request.fiscal_year)
    use_currency(form, budget_request.currency)
    if not form.is_submitted():
        changed_since_shown(form, budget_request)  # on the first showing: notes what the form shows of the request
    elif _adding_rows(form):
        pass
    elif _saved(form, budget_request):
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("budgets.show_request", request_id=request_id))
    return render_template("budgets/request_form.html", form=form, initiative=budget_request.initiative,
                           budget_request=budget_request, currency=budget_request.currency,
                           currency_digits=minor_digits(budget_request.currency))


def _saved(form, budget_request) -> bool:
    """Valid, not saved by someone else since the form was opened (said even when the form has mistakes too), and
    stored."""
    valid = form.validate_on_submit()  # before the check: validating would clear its message
    if changed_since_shown(form, budget_request) or not valid:
        return False
    return bool(run(lambda: update_request(budget_request, form.as_data(), current_user), form, unplaced="flash"))


@bp.post("/requests/<id:request_id>/submit", endpoint="submit_request")
@bp.post("/requests/<id:request_id>/resubmit", endpoint="resubmit_request")
def submit(request_id: int):
    """Send the request (or its revision) to the council."""
    budget_request = _request_for(request_id, Permission.REQUEST_EDIT)
    message = _("The request is now with the council: its members vote, then the chair decides. This page "
                "shows where it stands.")
    return _act(budget_request, lambda: submit_request(budget_request, current_user), message)


@bp.post("/requests/<id:request_id>/withdraw")
def withdraw(request_id: int):
    """Take the request back before the council decides."""
    budget_request = _request_for(request_id, Permission.REQUEST_EDIT)
    return _act(budget_request, lambda: withdraw_request(budget_request, current_user), _("The request is withdrawn."))


# --- requests: reading and the council's review --------------------------------------------


@bp.get("/requests/<id:request_id>")
@bp.get("/requests/<id:request_id>/versions/<id:number>")
def show_request(request_id: int, number: int | None = None):
    """A request with its line items, versions, votes, recusals, comments and decisions."""
    budget_request = _request_for(request_id, Permission.REQUEST_VIEW)
    return _render_request(budget_request, number)


@bp.post("/requests/<id:request_id>/vote")
def vote(request_id: int):
    """A council member votes (approve, reject, abstain) with a reason, unless recused."""
    budget_request = _request_for(request_id, Permission.REQUEST_REVIEW)
    form = VoteForm()
    if not form.validate_on_submit():
        return _render_request(budget_request, vote_form=form, status=400)
    recorded = _("Your vote is recorded. The chair decides once enough members have voted.")
    return _review_act(budget_request, lambda: cast_vote(budget_request, current_user, form.choice.data,
                                                         form.reason.data), recorded, vote_form=form)


@bp.post("/requests/<id:request_id>/comment")
def comment(request_id: int):
    """A council member comments on the request under review."""
    budget_request = _request_for(request_id, Permission.REQUEST_REVIEW)
    form = CommentForm()
    if not form.validate_on_submit():
        return _render_request(budget_request, comment_form=form, status=400)
    return _review_act(budget_request, lambda: add_comment(budget_request, current_user, form.body.data),
                       _("Your comment is posted."), comment_form=form)


@bp.post("/requests/<id:request_id>/recuse")
def recuse(request_id: int):
    """A council member declares a conflict of interest and stands aside."""
    budget_request = _request_for(request_id, Permission.REQUEST_REVIEW)
    form = RecusalForm()
    if not form.validate_on_submit():
        return _render_request(budget_request, recusal_form=form, status=400)
    return _review_act(budget_request, lambda: declare_recusal(budget_request, current_user, form.note.data),
                       _("You have recused yourself from this request."), recusal_form=form)


@bp.get("/councils/<key>/requests")
def review_queue(key: str):
    """The council's requests, by status (awaiting a decision first); drafts never appear here."""
    council = _council(key)
    require(Permission.REQUEST_QUEUE_VIEW, council)
    status = request.args.get("status", RequestStatus.SUBMITTED.value)
    if status not in {s.value for s in RequestStatus} or status == RequestStatus.DRAFT.value:
        status = RequestStatus.SUBMITTED.value
    page = paginate(queries.review_queue(council.id, RequestStatus(status)), query_args={"key": key, "status": status})
    voted, recused = queries.my_part_in([r.id for r in page.items], current_user.id)
    return render_template("budgets/queue.html", council=council, page=page, status=status, voted=voted,
                           recused=recused, statuses=[s for s in RequestStatus if s is not RequestStatus.DRAFT])


@bp.get("/organisations/<key>/requests")
def organisation_requests(key: str):
    """The organisation's own requests for its coordinators, drafts included: all, or those in one status."""
    organisation = by_id_or_slug(Organisation, key)
    require(Permission.REQUEST_LIST_OWN, organisation)
    status = request.args.get("status", "")
    status = RequestStatus(status) if status in {s.value for s in RequestStatus} else None  # else all of them
    page = paginate(queries.requests_of(organisation.id, status),
                    query_args={"key": key, **({"status": status.value} if status else {})})
    return render_template("budgets/organisation_requests.html", organisation=organisation, page=page,
                           status=status, statuses=list(RequestStatus))


# --- decisions ------------------------------------------------------------------------------


@bp.route("/requests/<id:request_id>/decide", methods=["GET", "POST"])
def decide_request(request_id: int):
    """The chair decides once the quorum has voted: approve in full or part, reject, or return."""
    budget_request = _request_for(request_id, Permission.REQUEST_DECIDE)
    if budget_request.status is not RequestStatus.SUBMITTED:
        flash(_("This request is not awaiting a decision."), "error")
        return redirect(url_for("budgets.show_request", request_id=request_id))
    form = DecisionForm()
    use_currency(form, budget_request.currency)
    if form.validate_on_submit() and (
            done := run(lambda: decide(budget_request, current_user, _decision_data(form)), form, unplaced="flash")):
        flash(_("The decision is published: %(outcome)s. It shows on the request and on the council's public "
                "budget page.", outcome=outcome_label(done.value.outcome)), "success")
        return redirect(url_for("budgets.show_request", request_id=request_id))
    return _render_decide("budgets/decide.html", budget_request, form)


@bp.route("/decisions/<id:decision_id>/correct", methods=["GET", "POST"])
def correct(decision_id: int):
    """The chair corrects a published decision: a new decision linked to it, never an edit."""
    decision = get_or_404(Decision, decision_id)
    budget_request = decision.request
    require(Permission.REQUEST_DECIDE, budget_request)
    if not decision.is_public or is_corrected(decision):
        flash(_("Only the latest published decision on a request can be corrected."), "error")
        return redirect(url_for("budgets.show_request", request_id=budget_request.id))
    form = CorrectionForm()
    use_currency(form, budget_request.currency)
    if form.validate_on_submit() and run(lambda: correct_decision(decision, current_user, _decision_data(form)),
                                         form, unplaced="flash"):
        flash(_("The correction is published."), "success")
        return redirect(url_for("budgets.show_request", request_id=budget_request.id))
    return _render_decide("budgets/correct.html", budget_request, form, corrected=decision)


# --- helpers --------------------------------------------------------------------------------


def _request_for(request_id: int, permission: Permission) -> BudgetRequest:
    """The request with that id, if the current user may do this to it (else 404 or 403)."""
    budget_request = get_or_404(BudgetRequest, request_id)
    require(permission, budget_request)
    return budget_request


def _council(key: str) -> Council:
    council = by_id_or_slug(Council, key)
    require(Permission.RECORD_VIEW, council)
    return council


def _adding_rows(form: RequestForm) -> bool:
    """The 'more rows' and 'remove row' buttons re-show the form with its rows changed; nothing is saved."""
    action = request.form.get("action", "") if request.method == "POST" else ""
    if action == "add_rows":
        form.add_rows()
        return True
    row = typed_whole_number(action.removeprefix("remove:")) if action.startswith("remove:") else None
    if row is not None:
        form.remove_row(row)
        return True
    return False


def _decision_data(form: DecisionForm) -> DecisionData:
    return DecisionData(DecisionOutcome(form.outcome.data), form.approved_amount.data, form.reason.data or "")


def _act(budget_request: BudgetRequest, action, done: str):
    """Run a coordinator's one-button action, then go back to the request."""
    if run(action):
        flash(done, "success")
    return redirect(url_for("budgets.show_request", request_id=budget_request.id))


def _review_act(budget_request: BudgetRequest, action, done: str, **forms):
    """Run a member's review action; a refusal (recusal, closed review) re-shows the page saying why."""
    result = run(action, next(iter(forms.values())), unplaced="flash")
    if not result:
        return _render_request(budget_request, refusal=result.error.message, status=403, **forms)
    flash(done, "success")
    return redirect(url_for("budgets.show_request", request_id=budget_request.id) + "#review")


def _render_request(budget_request: BudgetRequest, number: int | None = None, status: int = 200,
                    refusal: str | None = None, **forms):
    """The request page, for anyone who may view it; the review part for members and the requesters."""
    version = _version_or_404(budget_request, number)
    user = current_user
    reviewer = can(user, Permission.REQUEST_REVIEW, budget_request)
    requester = can(user, Permission.REQUEST_EDIT, budget_request)
    my_recusal = recusal_of(budget_request, user) if reviewer and budget_request.status is RequestStatus.SUBMITTED \
        else None
    decisions = [d for d in latest_decisions(budget_request) if d.is_public or reviewer or requester]
    votes = votes_on(budget_request, version.number)
    context = {
        "budget_request": budget_request, "version": version, "status": status,
        "is_current": version.number == budget_request.version_number,
        "reviewer": reviewer, "requester": requester, "refusal": refusal,
        "chair": can(user, Permission.REQUEST_DECIDE, budget_request),
        "my_recusal": my_recusal, "my_recusal_text": explain_recusal(my_recusal) if my_recusal else None,
        "quorum": quorum_status(budget_request) if budget_request.status is RequestStatus.SUBMITTED else None,
        "votes": votes, "recusals": recusals(budget_request),
        "comments": comments_on(budget_request) if reviewer or requester else [],
        "decisions": decisions, "corrected_ids": {d.corrects_id for d in decisions if d.corrects_id},
        "vote_form": forms.get("vote_form") or _vote_form(votes),
        "comment_form": forms.get("comment_form") or CommentForm(formdata=None),
        "recusal_form": forms.get("recusal_form") or RecusalForm(formdata=None),
        "volunteering": hours_report.latest_totals(hours_report.initiative_scope(budget_request.initiative_id),
                                                   up_to=budget_request.fiscal_year),
    }
    return render_template("budgets/request.html", **context), status


def _render_decide(template: str, budget_request: BudgetRequest, form, **extra):
    """The decision (or correction) form beside the request, its envelope, votes and the quorum."""
    envelope = envelope_for(budget_request.council_id, budget_request.fiscal_year)
    my_recusal = recusal_of(budget_request, current_user)
    return render_template(
        template, budget_request=budget_request, form=form, envelope=envelope,
        version=current_version(budget_request), quorum=quorum_status(budget_request),
        my_recusal_text=explain_recusal(my_recusal) if my_recusal else None,
        votes=votes_on(budget_request, budget_request.version_number), **extra,
    )


def _version_or_404(budget_request: BudgetRequest, number: int | None):
    wanted = budget_request.version_number if number is None else number
    version = next((v for v in budget_request.versions if v.number == wanted), None)
    if version is None:
        abort(404)
    return version


def _vote_form(votes: list) -> VoteForm:
    """The vote form, holding the member's earlier vote on this version if they cast one."""
    mine = next((v for v in votes if v.member_id == getattr(current_user, "id", None)), None)
    return VoteForm(formdata=None, data={"choice": mine.choice.value, "reason": mine.reason} if mine else None)
