"""the whole schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21 04:28:04.675777
"""
from alembic import op
import sqlalchemy as sa
import planner.types


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audiences',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('source_document', sa.String(length=100), nullable=True),
    sa.Column('source_section', sa.String(length=200), nullable=True),
    sa.Column('is_illustrative', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_audiences'))
    )
    op.create_table('countries',
    sa.Column('code', sa.String(length=2), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('source_document', sa.String(length=100), nullable=True),
    sa.Column('source_section', sa.String(length=200), nullable=True),
    sa.Column('is_illustrative', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_countries'))
    )
    op.create_table('services',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('source_document', sa.String(length=100), nullable=True),
    sa.Column('source_section', sa.String(length=200), nullable=True),
    sa.Column('is_illustrative', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_services'))
    )
    op.create_table('skills',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('source_document', sa.String(length=100), nullable=True),
    sa.Column('source_section', sa.String(length=200), nullable=True),
    sa.Column('is_illustrative', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_skills'))
    )
    op.create_table('themes',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('source_document', sa.String(length=100), nullable=True),
    sa.Column('source_section', sa.String(length=200), nullable=True),
    sa.Column('is_illustrative', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_themes'))
    )
    op.create_table('localities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_local', sa.String(length=200), nullable=True),
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.Column('kind', sa.Enum('city', 'district', 'region', name='locality_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('source_document', sa.String(length=100), nullable=True),
    sa.Column('source_section', sa.String(length=200), nullable=True),
    sa.Column('is_illustrative', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['country_code'], ['countries.code'], name=op.f('fk_localities_country_code_countries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_localities')),
    sa.UniqueConstraint('country_code', 'name', name=op.f('uq_localities_country_code_name')),
    sa.UniqueConstraint('slug', name=op.f('uq_localities_slug'))
    )
    with op.batch_alter_table('localities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_localities_country_code'), ['country_code'], unique=False)

    op.create_table('councils',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_local', sa.String(length=200), nullable=True),
    sa.Column('locality_id', sa.Integer(), nullable=False),
    sa.Column('mandate', sa.Text(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('quorum', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('active', 'archived', name='council_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('source_document', sa.String(length=100), nullable=True),
    sa.Column('source_section', sa.String(length=200), nullable=True),
    sa.Column('is_illustrative', sa.Boolean(), nullable=False),
    sa.Column('created_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(currency) = 3', name=op.f('ck_councils_currency_iso')),
    sa.CheckConstraint('quorum IS NULL OR quorum >= 1', name=op.f('ck_councils_quorum_positive')),
    sa.ForeignKeyConstraint(['locality_id'], ['localities.id'], name=op.f('fk_councils_locality_id_localities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_councils')),
    sa.UniqueConstraint('slug', name=op.f('uq_councils_slug'))
    )
    with op.batch_alter_table('councils', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_councils_locality_id'), ['locality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_councils_status'), ['status'], unique=False)

    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_local', sa.String(length=200), nullable=True),
    sa.Column('kind', sa.Enum('nonprofit', 'cooperative', 'enterprise', 'international', 'government', name='organisation_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.Column('locality_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('status', sa.Enum('active', 'archived', name='organisation_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('source_document', sa.String(length=100), nullable=True),
    sa.Column('source_section', sa.String(length=200), nullable=True),
    sa.Column('is_illustrative', sa.Boolean(), nullable=False),
    sa.Column('created_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['country_code'], ['countries.code'], name=op.f('fk_organisations_country_code_countries')),
    sa.ForeignKeyConstraint(['locality_id'], ['localities.id'], name=op.f('fk_organisations_locality_id_localities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('slug', name=op.f('uq_organisations_slug'))
    )
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisations_country_code'), ['country_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisations_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisations_locality_id'), ['locality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisations_status'), ['status'], unique=False)

    op.create_table('search_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('url_key', sa.String(length=120), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=True),
    sa.Column('locality_id', sa.Integer(), nullable=True),
    sa.Column('theme_key', sa.String(length=60), nullable=True),
    sa.Column('updated_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['locality_id'], ['localities.id'], name=op.f('fk_search_entries_locality_id_localities'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entries')),
    sa.UniqueConstraint('kind', 'record_id', name=op.f('uq_search_entries_kind_record_id'))
    )
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_entries_country_code'), ['country_code'], unique=False)
        batch_op.create_index('ix_search_entries_kind_public', ['kind', 'is_public'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_entries_locality_id'), ['locality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_entries_theme_key'), ['theme_key'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('email_canonical', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('locale', sa.String(length=10), nullable=True),
    sa.Column('show_hijri', sa.Boolean(), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('locality_id', sa.Integer(), nullable=True),
    sa.Column('calendar_token', sa.String(length=64), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('password_changed_at', planner.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['locality_id'], ['localities.id'], name=op.f('fk_users_locality_id_localities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('calendar_token', name=op.f('uq_users_calendar_token')),
    sa.UniqueConstraint('email_canonical', name=op.f('uq_users_email_canonical'))
    )
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('record_type', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('ip_address', sa.String(length=45), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_events_actor_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_events_record', ['record_type', 'record_id'], unique=False)

    op.create_table('budget_envelopes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('amount', planner.types.ScaledDecimal(precision=14, scale=2), nullable=False),
    sa.Column('allocated', planner.types.ScaledDecimal(precision=14, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('source_document', sa.String(length=100), nullable=True),
    sa.Column('source_section', sa.String(length=200), nullable=True),
    sa.Column('is_illustrative', sa.Boolean(), nullable=False),
    sa.Column('created_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('allocated <= amount', name=op.f('ck_budget_envelopes_allocated_within_amount')),
    sa.CheckConstraint('allocated >= 0', name=op.f('ck_budget_envelopes_allocated_not_negative')),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_budget_envelopes_amount_not_negative')),
    sa.CheckConstraint('fiscal_year BETWEEN 1900 AND 2200', name=op.f('ck_budget_envelopes_fiscal_year_sane')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_budget_envelopes_council_id_councils')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_envelopes')),
    sa.UniqueConstraint('council_id', 'fiscal_year', name=op.f('uq_budget_envelopes_council_id_fiscal_year'))
    )
    op.create_table('centres',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_local', sa.String(length=200), nullable=True),
    sa.Column('locality_id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('opening_hours', sa.String(length=200), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('status', sa.Enum('active', 'archived', name='centre_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('source_document', sa.String(length=100), nullable=True),
    sa.Column('source_section', sa.String(length=200), nullable=True),
    sa.Column('is_illustrative', sa.Boolean(), nullable=False),
    sa.Column('created_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_centres_council_id_councils')),
    sa.ForeignKeyConstraint(['locality_id'], ['localities.id'], name=op.f('fk_centres_locality_id_localities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centres')),
    sa.UniqueConstraint('slug', name=op.f('uq_centres_slug'))
    )
    with op.batch_alter_table('centres', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_centres_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_centres_locality_id'), ['locality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_centres_status'), ['status'], unique=False)

    op.create_table('login_sessions',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', planner.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('user_agent', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_login_sessions_user_id_users')),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_login_sessions'))
    )
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('to_address', sa.String(length=254), nullable=False),
    sa.Column('kind', sa.String(length=50), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'sent', 'failed', name='notification_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', planner.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_user_id'), ['user_id'], unique=False)

    op.create_table('partnerships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('cooperative', 'funding', 'in_kind', 'knowledge_sharing', 'humanitarian', 'international', name='partnership_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('active', 'archived', name='partnership_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('source_document', sa.String(length=100), nullable=True),
    sa.Column('source_section', sa.String(length=200), nullable=True),
    sa.Column('is_illustrative', sa.Boolean(), nullable=False),
    sa.Column('created_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on', name=op.f('ck_partnerships_ends_after_start')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_partnerships_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partnerships')),
    sa.UniqueConstraint('slug', name=op.f('uq_partnerships_slug'))
    )
    with op.batch_alter_table('partnerships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnerships_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnerships_status'), ['status'], unique=False)

    op.create_table('user_skills',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('skill_key', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['skill_key'], ['skills.key'], name=op.f('fk_user_skills_skill_key_skills')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_skills_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'skill_key', name=op.f('pk_user_skills'))
    )
    with op.batch_alter_table('user_skills', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_skills_skill_key'), ['skill_key'], unique=False)

    op.create_table('centre_audiences',
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('audience_key', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['audience_key'], ['audiences.key'], name=op.f('fk_centre_audiences_audience_key_audiences')),
    sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_centre_audiences_centre_id_centres'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('centre_id', 'audience_key', name=op.f('pk_centre_audiences'))
    )
    with op.batch_alter_table('centre_audiences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_centre_audiences_audience_key'), ['audience_key'], unique=False)

    op.create_table('centre_services',
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('service_key', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_centre_services_centre_id_centres'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_key'], ['services.key'], name=op.f('fk_centre_services_service_key_services')),
    sa.PrimaryKeyConstraint('centre_id', 'service_key', name=op.f('pk_centre_services'))
    )
    with op.batch_alter_table('centre_services', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_centre_services_service_key'), ['service_key'], unique=False)

    op.create_table('initiatives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('theme_key', sa.String(length=60), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Integer(), nullable=False),
    sa.Column('venue_centre_id', sa.Integer(), nullable=True),
    sa.Column('lead_organisation_id', sa.Integer(), nullable=False),
    sa.Column('coordinator_id', sa.Integer(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'submitted', 'returned', 'published', 'archived', name='initiative_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('review_comment', sa.Text(), nullable=False),
    sa.Column('submitted_at', planner.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('published_at', planner.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('source_document', sa.String(length=100), nullable=True),
    sa.Column('source_section', sa.String(length=200), nullable=True),
    sa.Column('is_illustrative', sa.Boolean(), nullable=False),
    sa.Column('created_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on', name=op.f('ck_initiatives_ends_after_start')),
    sa.ForeignKeyConstraint(['coordinator_id'], ['users.id'], name=op.f('fk_initiatives_coordinator_id_users')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_initiatives_council_id_councils')),
    sa.ForeignKeyConstraint(['lead_organisation_id'], ['organisations.id'], name=op.f('fk_initiatives_lead_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['locality_id'], ['localities.id'], name=op.f('fk_initiatives_locality_id_localities')),
    sa.ForeignKeyConstraint(['theme_key'], ['themes.key'], name=op.f('fk_initiatives_theme_key_themes')),
    sa.ForeignKeyConstraint(['venue_centre_id'], ['centres.id'], name=op.f('fk_initiatives_venue_centre_id_centres')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_initiatives')),
    sa.UniqueConstraint('slug', name=op.f('uq_initiatives_slug'))
    )
    with op.batch_alter_table('initiatives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiatives_coordinator_id'), ['coordinator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiatives_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiatives_lead_organisation_id'), ['lead_organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiatives_locality_id'), ['locality_id'], unique=False)
        batch_op.create_index('ix_initiatives_status_starts_on', ['status', 'starts_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiatives_theme_key'), ['theme_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiatives_venue_centre_id'), ['venue_centre_id'], unique=False)

    op.create_table('partnership_parties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('party_key', sa.String(length=40), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=True),
    sa.Column('centre_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('country_code', sa.String(length=2), nullable=True),
    sa.CheckConstraint('(CASE WHEN council_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN centre_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN organisation_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN country_code IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_partnership_parties_exactly_one_party')),
    sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_partnership_parties_centre_id_centres')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_partnership_parties_council_id_councils')),
    sa.ForeignKeyConstraint(['country_code'], ['countries.code'], name=op.f('fk_partnership_parties_country_code_countries')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_partnership_parties_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnerships.id'], name=op.f('fk_partnership_parties_partnership_id_partnerships'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partnership_parties')),
    sa.UniqueConstraint('partnership_id', 'party_key', name=op.f('uq_partnership_parties_partnership_id_party_key'))
    )
    with op.batch_alter_table('partnership_parties', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnership_parties_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnership_parties_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnership_parties_country_code'), ['country_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnership_parties_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnership_parties_partnership_id'), ['partnership_id'], unique=False)

    op.create_table('role_grants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('admin', 'council_member', 'council_chair', 'council_treasurer', 'coordinator', 'volunteer', name='role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('scope_key', sa.String(length=40), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('centre_id', sa.Integer(), nullable=True),
    sa.Column('granted_by_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', planner.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(role IN ('admin', 'volunteer') AND council_id IS NULL AND organisation_id IS NULL AND centre_id IS NULL) OR (role IN ('council_member', 'council_chair', 'council_treasurer') AND council_id IS NOT NULL AND organisation_id IS NULL AND centre_id IS NULL) OR (role = 'coordinator' AND council_id IS NULL AND ((organisation_id IS NOT NULL AND centre_id IS NULL) OR (organisation_id IS NULL AND centre_id IS NOT NULL)))", name=op.f('ck_role_grants_scope_matches_role')),
    sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_role_grants_centre_id_centres')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_role_grants_council_id_councils')),
    sa.ForeignKeyConstraint(['granted_by_id'], ['users.id'], name=op.f('fk_role_grants_granted_by_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_role_grants_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['users.id'], name=op.f('fk_role_grants_revoked_by_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_role_grants_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_grants'))
    )
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_grants_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_grants_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_grants_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_grants_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_role_grants_live', ['user_id', 'role', 'scope_key'], unique=True, sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))
        batch_op.create_index('uq_role_grants_one_chair', ['council_id'], unique=True, sqlite_where=sa.text("role = 'council_chair' AND revoked_at IS NULL"), postgresql_where=sa.text("role = 'council_chair' AND revoked_at IS NULL"))

    op.create_table('budget_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=True),
    sa.Column('initiative_id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', 'returned', 'withdrawn', 'decided', name='request_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=False),
    sa.Column('total', planner.types.ScaledDecimal(precision=14, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', planner.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('source_document', sa.String(length=100), nullable=True),
    sa.Column('source_section', sa.String(length=200), nullable=True),
    sa.Column('is_illustrative', sa.Boolean(), nullable=False),
    sa.Column('created_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('total >= 0', name=op.f('ck_budget_requests_total_not_negative')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_budget_requests_council_id_councils')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_budget_requests_created_by_id_users')),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], name=op.f('fk_budget_requests_initiative_id_initiatives')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_budget_requests_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_requests')),
    sa.UniqueConstraint('key', name=op.f('uq_budget_requests_key'))
    )
    with op.batch_alter_table('budget_requests', schema=None) as batch_op:
        batch_op.create_index('ix_budget_requests_council_year_status', ['council_id', 'fiscal_year', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_requests_initiative_id'), ['initiative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_requests_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('initiative_audiences',
    sa.Column('initiative_id', sa.Integer(), nullable=False),
    sa.Column('audience_key', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['audience_key'], ['audiences.key'], name=op.f('fk_initiative_audiences_audience_key_audiences')),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], name=op.f('fk_initiative_audiences_initiative_id_initiatives'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('initiative_id', 'audience_key', name=op.f('pk_initiative_audiences'))
    )
    with op.batch_alter_table('initiative_audiences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiative_audiences_audience_key'), ['audience_key'], unique=False)

    op.create_table('initiative_partners',
    sa.Column('initiative_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], name=op.f('fk_initiative_partners_initiative_id_initiatives'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_initiative_partners_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('initiative_id', 'organisation_id', name=op.f('pk_initiative_partners'))
    )
    with op.batch_alter_table('initiative_partners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiative_partners_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('partnership_initiatives',
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('initiative_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], name=op.f('fk_partnership_initiatives_initiative_id_initiatives')),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnerships.id'], name=op.f('fk_partnership_initiatives_partnership_id_partnerships'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('partnership_id', 'initiative_id', name=op.f('pk_partnership_initiatives'))
    )
    with op.batch_alter_table('partnership_initiatives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnership_initiatives_initiative_id'), ['initiative_id'], unique=False)

    op.create_table('programmes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('initiative_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('centre_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('active', 'archived', name='programme_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('source_document', sa.String(length=100), nullable=True),
    sa.Column('source_section', sa.String(length=200), nullable=True),
    sa.Column('is_illustrative', sa.Boolean(), nullable=False),
    sa.Column('created_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('initiative_id IS NOT NULL OR organisation_id IS NOT NULL', name=op.f('ck_programmes_has_owner')),
    sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_programmes_centre_id_centres')),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], name=op.f('fk_programmes_initiative_id_initiatives')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_programmes_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programmes')),
    sa.UniqueConstraint('slug', name=op.f('uq_programmes_slug'))
    )
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programmes_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programmes_initiative_id'), ['initiative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programmes_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programmes_status'), ['status'], unique=False)

    op.create_table('budget_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('envelope_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.Enum('approved', 'partially_approved', 'rejected', 'returned', name='decision_outcome', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('approved_amount', planner.types.ScaledDecimal(precision=14, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('theme_key', sa.String(length=60), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('source_document', sa.String(length=100), nullable=True),
    sa.Column('source_section', sa.String(length=200), nullable=True),
    sa.Column('is_illustrative', sa.Boolean(), nullable=False),
    sa.CheckConstraint('approved_amount >= 0', name=op.f('ck_budget_decisions_approved_not_negative')),
    sa.ForeignKeyConstraint(['corrects_id'], ['budget_decisions.id'], name=op.f('fk_budget_decisions_corrects_id_budget_decisions')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_budget_decisions_council_id_councils')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_budget_decisions_decided_by_id_users')),
    sa.ForeignKeyConstraint(['envelope_id'], ['budget_envelopes.id'], name=op.f('fk_budget_decisions_envelope_id_budget_envelopes')),
    sa.ForeignKeyConstraint(['request_id'], ['budget_requests.id'], name=op.f('fk_budget_decisions_request_id_budget_requests')),
    sa.ForeignKeyConstraint(['theme_key'], ['themes.key'], name=op.f('fk_budget_decisions_theme_key_themes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_decisions')),
    sa.UniqueConstraint('corrects_id', name=op.f('uq_budget_decisions_corrects_id'))
    )
    with op.batch_alter_table('budget_decisions', schema=None) as batch_op:
        batch_op.create_index('ix_budget_decisions_council_year', ['council_id', 'fiscal_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_decisions_envelope_id'), ['envelope_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_decisions_request_id'), ['request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_decisions_theme_key'), ['theme_key'], unique=False)

    op.create_table('budget_recusals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Enum('coordinates_organisation', 'coordinates_initiative', 'declared', name='recusal_reason', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['users.id'], name=op.f('fk_budget_recusals_member_id_users')),
    sa.ForeignKeyConstraint(['request_id'], ['budget_requests.id'], name=op.f('fk_budget_recusals_request_id_budget_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_recusals')),
    sa.UniqueConstraint('request_id', 'member_id', name=op.f('uq_budget_recusals_request_id_member_id'))
    )
    with op.batch_alter_table('budget_recusals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_recusals_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_recusals_request_id'), ['request_id'], unique=False)

    op.create_table('budget_request_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.Column('expected_outcomes', sa.Text(), nullable=False),
    sa.Column('total', planner.types.ScaledDecimal(precision=14, scale=2), nullable=False),
    sa.Column('created_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', planner.types.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('total >= 0', name=op.f('ck_budget_request_versions_total_not_negative')),
    sa.ForeignKeyConstraint(['request_id'], ['budget_requests.id'], name=op.f('fk_budget_request_versions_request_id_budget_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_request_versions')),
    sa.UniqueConstraint('request_id', 'number', name=op.f('uq_budget_request_versions_request_id_number'))
    )
    op.create_table('budget_review_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_budget_review_comments_author_id_users')),
    sa.ForeignKeyConstraint(['request_id'], ['budget_requests.id'], name=op.f('fk_budget_review_comments_request_id_budget_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_review_comments'))
    )
    with op.batch_alter_table('budget_review_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_review_comments_request_id'), ['request_id'], unique=False)

    op.create_table('budget_votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('choice', sa.Enum('approve', 'reject', 'abstain', name='vote_choice', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['users.id'], name=op.f('fk_budget_votes_member_id_users')),
    sa.ForeignKeyConstraint(['request_id'], ['budget_requests.id'], name=op.f('fk_budget_votes_request_id_budget_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_votes')),
    sa.UniqueConstraint('request_id', 'version_number', 'member_id', name=op.f('uq_budget_votes_request_id_version_number_member_id'))
    )
    with op.batch_alter_table('budget_votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_votes_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_votes_request_id'), ['request_id'], unique=False)

    op.create_table('programme_languages',
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('language_code', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_programme_languages_programme_id_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('programme_id', 'language_code', name=op.f('pk_programme_languages'))
    )
    with op.batch_alter_table('programme_languages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_languages_language_code'), ['language_code'], unique=False)

    op.create_table('programme_skills',
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('skill_key', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_programme_skills_programme_id_programmes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_key'], ['skills.key'], name=op.f('fk_programme_skills_skill_key_skills')),
    sa.PrimaryKeyConstraint('programme_id', 'skill_key', name=op.f('pk_programme_skills'))
    )
    with op.batch_alter_table('programme_skills', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_skills_skill_key'), ['skill_key'], unique=False)

    op.create_table('shifts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('starts_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('signup_cutoff_at', planner.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('locality_id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('confirmed_count', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('scheduled', 'cancelled', name='shift_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('cancel_reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('capacity >= 0', name=op.f('ck_shifts_capacity_not_negative')),
    sa.CheckConstraint('confirmed_count >= 0 AND confirmed_count <= capacity', name=op.f('ck_shifts_within_capacity')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_shifts_ends_after_start')),
    sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_shifts_centre_id_centres')),
    sa.ForeignKeyConstraint(['locality_id'], ['localities.id'], name=op.f('fk_shifts_locality_id_localities')),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_shifts_programme_id_programmes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shifts'))
    )
    with op.batch_alter_table('shifts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shifts_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shifts_locality_id'), ['locality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shifts_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shifts_starts_at'), ['starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_shifts_status'), ['status'], unique=False)

    op.create_table('budget_line_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('category', sa.Enum('staff', 'equipment', 'venue', 'materials', 'travel', 'services', 'other', name='line_category', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('quantity', planner.types.ScaledDecimal(precision=12, scale=2), nullable=False),
    sa.Column('unit_cost', planner.types.ScaledDecimal(precision=14, scale=2), nullable=False),
    sa.Column('amount', planner.types.ScaledDecimal(precision=14, scale=2), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_budget_line_items_amount_not_negative')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_budget_line_items_quantity_positive')),
    sa.CheckConstraint('unit_cost >= 0', name=op.f('ck_budget_line_items_unit_cost_not_negative')),
    sa.ForeignKeyConstraint(['version_id'], ['budget_request_versions.id'], name=op.f('fk_budget_line_items_version_id_budget_request_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_line_items'))
    )
    with op.batch_alter_table('budget_line_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_line_items_version_id'), ['version_id'], unique=False)

    op.create_table('signups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shift_id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('confirmed', 'waitlisted', 'cancelled', 'attended', 'no_show', name='signup_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('cancelled_at', planner.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('promoted_at', planner.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('hours', planner.types.ScaledDecimal(precision=8, scale=2), nullable=True),
    sa.Column('hours_verified_at', planner.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('hours_verified_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', planner.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('hours IS NULL OR (hours >= 0 AND hours <= 1000)', name=op.f('ck_signups_hours_in_range')),
    sa.ForeignKeyConstraint(['hours_verified_by_id'], ['users.id'], name=op.f('fk_signups_hours_verified_by_id_users')),
    sa.ForeignKeyConstraint(['shift_id'], ['shifts.id'], name=op.f('fk_signups_shift_id_shifts')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['users.id'], name=op.f('fk_signups_volunteer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signups'))
    )
    with op.batch_alter_table('signups', schema=None) as batch_op:
        batch_op.create_index('ix_signups_shift_status', ['shift_id', 'status', 'id'], unique=False)
        batch_op.create_index('ix_signups_volunteer_status', ['volunteer_id', 'status'], unique=False)
        batch_op.create_index('uq_signups_one_live_per_volunteer', ['shift_id', 'volunteer_id'], unique=True, sqlite_where=sa.text("status != 'cancelled'"), postgresql_where=sa.text("status != 'cancelled'"))



def downgrade() -> None:
    with op.batch_alter_table('signups', schema=None) as batch_op:
        batch_op.drop_index('uq_signups_one_live_per_volunteer', sqlite_where=sa.text("status != 'cancelled'"), postgresql_where=sa.text("status != 'cancelled'"))
        batch_op.drop_index('ix_signups_volunteer_status')
        batch_op.drop_index('ix_signups_shift_status')

    op.drop_table('signups')
    with op.batch_alter_table('budget_line_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_line_items_version_id'))

    op.drop_table('budget_line_items')
    with op.batch_alter_table('shifts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shifts_status'))
        batch_op.drop_index(batch_op.f('ix_shifts_starts_at'))
        batch_op.drop_index(batch_op.f('ix_shifts_programme_id'))
        batch_op.drop_index(batch_op.f('ix_shifts_locality_id'))
        batch_op.drop_index(batch_op.f('ix_shifts_centre_id'))

    op.drop_table('shifts')
    with op.batch_alter_table('programme_skills', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_skills_skill_key'))

    op.drop_table('programme_skills')
    with op.batch_alter_table('programme_languages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_languages_language_code'))

    op.drop_table('programme_languages')
    with op.batch_alter_table('budget_votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_votes_request_id'))
        batch_op.drop_index(batch_op.f('ix_budget_votes_member_id'))

    op.drop_table('budget_votes')
    with op.batch_alter_table('budget_review_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_review_comments_request_id'))

    op.drop_table('budget_review_comments')
    op.drop_table('budget_request_versions')
    with op.batch_alter_table('budget_recusals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_recusals_request_id'))
        batch_op.drop_index(batch_op.f('ix_budget_recusals_member_id'))

    op.drop_table('budget_recusals')
    with op.batch_alter_table('budget_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_decisions_theme_key'))
        batch_op.drop_index(batch_op.f('ix_budget_decisions_request_id'))
        batch_op.drop_index(batch_op.f('ix_budget_decisions_envelope_id'))
        batch_op.drop_index('ix_budget_decisions_council_year')

    op.drop_table('budget_decisions')
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programmes_status'))
        batch_op.drop_index(batch_op.f('ix_programmes_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_programmes_initiative_id'))
        batch_op.drop_index(batch_op.f('ix_programmes_centre_id'))

    op.drop_table('programmes')
    with op.batch_alter_table('partnership_initiatives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnership_initiatives_initiative_id'))

    op.drop_table('partnership_initiatives')
    with op.batch_alter_table('initiative_partners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiative_partners_organisation_id'))

    op.drop_table('initiative_partners')
    with op.batch_alter_table('initiative_audiences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiative_audiences_audience_key'))

    op.drop_table('initiative_audiences')
    with op.batch_alter_table('budget_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_requests_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_budget_requests_initiative_id'))
        batch_op.drop_index('ix_budget_requests_council_year_status')

    op.drop_table('budget_requests')
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.drop_index('uq_role_grants_one_chair', sqlite_where=sa.text("role = 'council_chair' AND revoked_at IS NULL"), postgresql_where=sa.text("role = 'council_chair' AND revoked_at IS NULL"))
        batch_op.drop_index('uq_role_grants_live', sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_role_grants_user_id'))
        batch_op.drop_index(batch_op.f('ix_role_grants_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_role_grants_council_id'))
        batch_op.drop_index(batch_op.f('ix_role_grants_centre_id'))

    op.drop_table('role_grants')
    with op.batch_alter_table('partnership_parties', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnership_parties_partnership_id'))
        batch_op.drop_index(batch_op.f('ix_partnership_parties_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_partnership_parties_country_code'))
        batch_op.drop_index(batch_op.f('ix_partnership_parties_council_id'))
        batch_op.drop_index(batch_op.f('ix_partnership_parties_centre_id'))

    op.drop_table('partnership_parties')
    with op.batch_alter_table('initiatives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiatives_venue_centre_id'))
        batch_op.drop_index(batch_op.f('ix_initiatives_theme_key'))
        batch_op.drop_index('ix_initiatives_status_starts_on')
        batch_op.drop_index(batch_op.f('ix_initiatives_locality_id'))
        batch_op.drop_index(batch_op.f('ix_initiatives_lead_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_initiatives_council_id'))
        batch_op.drop_index(batch_op.f('ix_initiatives_coordinator_id'))

    op.drop_table('initiatives')
    with op.batch_alter_table('centre_services', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_centre_services_service_key'))

    op.drop_table('centre_services')
    with op.batch_alter_table('centre_audiences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_centre_audiences_audience_key'))

    op.drop_table('centre_audiences')
    with op.batch_alter_table('user_skills', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_skills_skill_key'))

    op.drop_table('user_skills')
    with op.batch_alter_table('partnerships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnerships_status'))
        batch_op.drop_index(batch_op.f('ix_partnerships_kind'))

    op.drop_table('partnerships')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_user_id'))
        batch_op.drop_index('ix_notifications_due')

    op.drop_table('notifications')
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_sessions_user_id'))

    op.drop_table('login_sessions')
    with op.batch_alter_table('centres', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_centres_status'))
        batch_op.drop_index(batch_op.f('ix_centres_locality_id'))
        batch_op.drop_index(batch_op.f('ix_centres_council_id'))

    op.drop_table('centres')
    op.drop_table('budget_envelopes')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_record')
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))
        batch_op.drop_index(batch_op.f('ix_audit_events_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_action'))

    op.drop_table('audit_events')
    op.drop_table('users')
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_entries_theme_key'))
        batch_op.drop_index(batch_op.f('ix_search_entries_locality_id'))
        batch_op.drop_index('ix_search_entries_kind_public')
        batch_op.drop_index(batch_op.f('ix_search_entries_country_code'))

    op.drop_table('search_entries')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisations_status'))
        batch_op.drop_index(batch_op.f('ix_organisations_locality_id'))
        batch_op.drop_index(batch_op.f('ix_organisations_kind'))
        batch_op.drop_index(batch_op.f('ix_organisations_country_code'))

    op.drop_table('organisations')
    with op.batch_alter_table('councils', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_councils_status'))
        batch_op.drop_index(batch_op.f('ix_councils_locality_id'))

    op.drop_table('councils')
    with op.batch_alter_table('localities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_localities_country_code'))

    op.drop_table('localities')
    op.drop_table('themes')
    op.drop_table('skills')
    op.drop_table('services')
    op.drop_table('countries')
    op.drop_table('audiences')
