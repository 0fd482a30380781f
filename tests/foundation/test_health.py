"""/healthz answers for the app and its database."""


def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_does_not_answer(app, tmp_path):
    from planner import create_app

    broken = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/db.sqlite"})
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b"Page not found" in response.data
    assert b"Traceback" not in response.data


def test_every_page_carries_the_security_headers(client):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"]


def test_page_direction_follows_the_language(client):
    assert b'dir="ltr"' in client.get("/", headers={"Accept-Language": "en"}).data
    assert b'dir="rtl"' in client.get("/", headers={"Accept-Language": "ar"}).data
    assert b'lang="ar"' in client.get("/", headers={"Accept-Language": "ar"}).data
