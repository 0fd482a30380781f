"""The directory lists as CSV downloads: the list's filters applied, every match once, cells a spreadsheet
will not run, and a link on each list page that carries the filters shown."""
from __future__ import annotations

import csv
import html
import io

import pytest

from planner.api import queries
from planner.directory.kinds import KINDS
from planner.organisations.models import OrganisationKind

PLURALS = [kind.plural for kind in KINDS.values()]


def rows_of(response) -> list[dict[str, str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")  # spreadsheets then read the text as UTF-8
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.mark.parametrize("plural", PLURALS)
def test_each_list_downloads_as_a_csv_attachment(client, world, plural):
    response = client.get(f"/{plural}.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{plural}.csv"'
    rows = rows_of(response)
    assert rows and {"Id", "Slug", "Address on the site", "Source document"} <= set(rows[0])


# list, query string, the records it must hold, those it must not (hidden ones or filtered out)
FILTERED = [
    ("councils", "country=MA", ["council_a"], ["council_b", "council_hidden"]),
    ("centres", "kind=language-classes", ["centre_a"], ["centre_b", "centre_hidden"]),
    ("organisations", "kind=cooperative", ["org_b"], ["org_a", "org_hidden"]),
    ("initiatives", "q=Ksarzed", ["initiative_a"], ["initiative_b", "draft"]),
    ("programmes", "country=MA", ["programme_a"], ["programme_b", "programme_of_draft"]),
    ("partnerships", "kind=funding", ["partnership_a"], ["partnership_b", "partnership_hidden"]),
]


@pytest.mark.parametrize(("plural", "query", "shown", "hidden"), FILTERED)
def test_the_csv_holds_what_the_filtered_list_holds(client, world, plural, query, shown, hidden):
    slugs = [row["Slug"] for row in rows_of(client.get(f"/{plural}.csv?{query}"))]
    assert {getattr(world, name).slug for name in shown} <= set(slugs)
    assert not {getattr(world, name).slug for name in hidden} & set(slugs)


def test_an_initiative_row_names_its_relations(client, world):
    rows = rows_of(client.get("/initiatives.csv?q=football"))
    [row] = [row for row in rows if row["Slug"] == world.initiative_a.slug]
    assert row["Title"] == "Ksarzed youth football"
    assert row["Council"] == "Ksarzed Majlis"
    assert row["Lead organisation"] == "Ksarzed Friends"
    assert row["Partners"] == "Florabad Weavers"
    assert row["Starts on"] == world.initiative_a.starts_on.isoformat()
    assert row["Source section"] == "The Role of Community Engagement"
    assert row["Address on the site"].endswith(f"/initiatives/{world.initiative_a.slug}")


@pytest.mark.parametrize("dangerous", ["=HYPERLINK(\"http://evil.example\")", "+1+2", "-3+4", "@SUM(A1)"])
def test_a_cell_a_spreadsheet_would_run_is_defused(client, world, make, dangerous):
    make.organisation(dangerous, "MA", kind=OrganisationKind.COOPERATIVE, summary=dangerous)
    rows = rows_of(client.get("/organisations.csv?country=MA&kind=cooperative"))
    [row] = [row for row in rows if row["Name"].endswith(dangerous)]
    assert row["Name"] == "'" + dangerous
    assert row["Summary"] == "'" + dangerous


def test_a_long_list_streams_in_batches_with_every_record_once(client, world, make, monkeypatch, count_queries):
    for number in range(7):
        make.council(f"Ksarzed batch council {number}", place=world.ksarzed)
    path = f"/councils.csv?locality={world.ksarzed.slug}"
    in_one_batch = count_queries(lambda: client.get(path).get_data())
    monkeypatch.setattr(queries, "CSV_BATCH", 2)
    assert count_queries(lambda: client.get(path).get_data()) == in_one_batch + 3  # 8 rows: 4 batches, not 1
    response = client.get(path)
    assert response.is_streamed
    slugs = [row["Slug"] for row in rows_of(response)]
    assert len(slugs) == 8 == len(set(slugs))


@pytest.mark.parametrize("query", ["country=ZZ", "theme=youth", "limit=5", "country=MA&country=TR", "q=%21%21"])
def test_a_filter_the_list_cannot_use_is_a_400_page(client, world, table_counts, query):
    before = table_counts()
    response = client.get(f"/councils.csv?{query}")
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert table_counts() == before


def test_the_list_page_links_to_the_csv_with_its_filters(client, world):
    page = html.unescape(client.get("/centres?country=MA&audience=refugees&sort=name&q=Ksarzed").get_data(as_text=True))
    assert 'href="/centres.csv?q=Ksarzed&country=MA&audience=refugees"' in page
    assert "Download every result as CSV" in page


def test_a_list_with_an_ignored_filter_links_to_the_csv_without_it(client, world):
    page = html.unescape(client.get("/councils?country=ZZ&q=!!").get_data(as_text=True))
    assert 'href="/councils.csv"' in page
    assert client.get("/councils.csv").status_code == 200


def test_an_empty_list_offers_no_download(client, world):
    page = client.get("/councils?q=zzzqqqxxx").get_data(as_text=True)
    assert ".csv" not in page


def test_related_records_and_terms_are_named_in_the_reader_s_language(client, world, db):
    """The CSV's headings follow the reader's language; so do the names of what a row points to, as on the pages
    (the record's own written fields keep a column per language)."""
    world.youth.names = {"fr": "Jeunesse"}
    world.refugees.names = {"fr": "Réfugiés"}
    world.council_a.translations = {"fr": {"name": "Majlis de Ksarzed"}}
    db.commit()
    [initiative] = [row for row in rows_of(client.get("/initiatives.csv?q=football&lang=fr"))
                    if world.initiative_a.slug in row.values()]
    assert {"Jeunesse", "Réfugiés", "Majlis de Ksarzed"} <= set(initiative.values())
    [exchange] = [row for row in rows_of(client.get("/partnerships.csv?lang=fr"))
                  if world.partnership_b.slug in row.values()]
    assert "Florabad Weavers; Turquie" in exchange.values()
    [english] = [row for row in rows_of(client.get("/initiatives.csv?q=football"))
                 if row["Slug"] == world.initiative_a.slug]
    assert (english["Theme"], english["Council"]) == ("Youth", "Ksarzed Majlis")


@pytest.mark.parametrize("language", ["en", "ar", "fr", "tr"])
@pytest.mark.parametrize("plural", PLURALS)
def test_no_two_columns_share_a_heading_in_any_language(client, world, plural, language):
    """A spreadsheet finds a column by its heading: "Place" and "Venue" were both "Lieu" in French."""
    text = client.get(f"/{plural}.csv?lang={language}").get_data(as_text=True).removeprefix("\ufeff")
    headings = next(csv.reader(io.StringIO(text)))
    assert len(headings) == len(set(headings)) > 5
