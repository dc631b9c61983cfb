"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op



revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('customer_segments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_segments')),
    sa.UniqueConstraint('code', name=op.f('uq_customer_segments_code')),
    sa.UniqueConstraint('name', name=op.f('uq_customer_segments_name'))
    )
    op.create_table('import_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('file_name', sa.String(length=260), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('sheet', sa.String(length=64), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('user', sa.String(length=64), nullable=False),
    sa.Column('rows_added', sa.Integer(), nullable=False),
    sa.Column('rows_replaced', sa.Integer(), nullable=False),
    sa.Column('rows_skipped', sa.Integer(), nullable=False),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batches'))
    )
    op.create_table('metrics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_zh', sa.String(length=64), nullable=False),
    sa.Column('name_en', sa.String(length=64), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('aggregation', sa.String(length=8), nullable=False),
    sa.Column('numerator', sa.String(length=40), nullable=True),
    sa.Column('denominator', sa.String(length=40), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('builtin', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("aggregation <> 'ratio' OR (numerator IS NOT NULL AND denominator IS NOT NULL)", name=op.f('ck_metrics_ratio_has_parts')),
    sa.CheckConstraint("aggregation IN ('sum', 'last', 'mean', 'ratio')", name=op.f('ck_metrics_aggregation')),
    sa.CheckConstraint("direction IN ('up', 'down')", name=op.f('ck_metrics_direction')),
    sa.CheckConstraint("source IN ('ledger', 'receipts', 'derived', 'manual')", name=op.f('ck_metrics_source')),
    sa.CheckConstraint("unit IN ('money', 'count', 'percent', 'points')", name=op.f('ck_metrics_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_metrics')),
    sa.UniqueConstraint('code', name=op.f('uq_metrics_code'))
    )
    op.create_table('product_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product_lines')),
    sa.UniqueConstraint('code', name=op.f('uq_product_lines_code')),
    sa.UniqueConstraint('name', name=op.f('uq_product_lines_name'))
    )
    op.create_table('regions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_regions')),
    sa.UniqueConstraint('code', name=op.f('uq_regions_code')),
    sa.UniqueConstraint('name', name=op.f('uq_regions_name'))
    )
    op.create_table('schemes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=96), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('cycle_type', sa.String(length=16), nullable=False),
    sa.Column('bonus_cap', sa.BigInteger(), nullable=False),
    sa.Column('rater_weights', sa.JSON(), nullable=False),
    sa.Column('bands', sa.JSON(), nullable=False),
    sa.Column('coefficients', sa.JSON(), nullable=False),
    sa.Column('distribution', sa.JSON(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('builtin', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("cycle_type IN ('monthly', 'quarterly', 'annual')", name=op.f('ck_schemes_cycle_type')),
    sa.CheckConstraint("role IN ('rep', 'supervisor', 'support', 'director')", name=op.f('ck_schemes_role')),
    sa.CheckConstraint('bonus_cap >= 0', name=op.f('ck_schemes_bonus_cap_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schemes')),
    sa.UniqueConstraint('name', name=op.f('uq_schemes_name'))
    )
    op.create_table('seasonality_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('weights', sa.JSON(), nullable=False),
    sa.Column('derived_from', sa.String(length=64), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seasonality_profiles')),
    sa.UniqueConstraint('name', name=op.f('uq_seasonality_profiles_name'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('cycles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('scheme_id', sa.Integer(), nullable=True),
    sa.Column('period', sa.String(length=8), nullable=False),
    sa.Column('cycle_type', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('scheme_snapshot', sa.JSON(), nullable=False),
    sa.Column('prorate', sa.Boolean(), nullable=False),
    sa.Column('appeal_days', sa.Integer(), nullable=False),
    sa.Column('decision_working_days', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('inputs_fingerprint', sa.String(length=64), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("cycle_type IN ('monthly', 'quarterly', 'annual')", name=op.f('ck_cycles_cycle_type')),
    sa.CheckConstraint("state IN ('draft', 'open', 'calibration', 'confirmed', 'closed')", name=op.f('ck_cycles_state')),
    sa.ForeignKeyConstraint(['scheme_id'], ['schemes.id'], name=op.f('fk_cycles_scheme_id_schemes'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cycles')),
    sa.UniqueConstraint('name', name=op.f('uq_cycles_name'))
    )
    op.create_table('import_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=8), nullable=False),
    sa.Column('old', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'], name=op.f('fk_import_changes_batch_id_import_batches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_changes'))
    )
    with op.batch_alter_table('import_changes', schema=None) as batch_op:
        batch_op.create_index('ix_import_changes_batch', ['batch_id'], unique=False)

    op.create_table('org_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('seasonality_profile_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['org_units.id'], name=op.f('fk_org_units_parent_id_org_units')),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_org_units_region_id_regions')),
    sa.ForeignKeyConstraint(['seasonality_profile_id'], ['seasonality_profiles.id'], name=op.f('fk_org_units_seasonality_profile_id_seasonality_profiles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_units')),
    sa.UniqueConstraint('parent_id', 'name', name='uq_org_units_parent_name')
    )
    with op.batch_alter_table('org_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_units_parent_id'), ['parent_id'], unique=False)

    op.create_table('scheme_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scheme_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=96), nullable=False),
    sa.Column('category', sa.String(length=24), nullable=False),
    sa.Column('weight', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('metric_code', sa.String(length=40), nullable=True),
    sa.Column('scope', sa.String(length=8), nullable=False),
    sa.Column('filter', sa.JSON(), nullable=False),
    sa.Column('rule', sa.JSON(), nullable=False),
    sa.Column('levels', sa.JSON(), nullable=False),
    sa.Column('raters', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("category IN ('result', 'customer_process', 'team', 'capability')", name=op.f('ck_scheme_items_category')),
    sa.CheckConstraint("kind IN ('metric', 'rating', 'key_tasks', 'period_results')", name=op.f('ck_scheme_items_kind')),
    sa.CheckConstraint("scope IN ('own', 'team')", name=op.f('ck_scheme_items_scope')),
    sa.CheckConstraint('weight >= 0', name=op.f('ck_scheme_items_weight_not_negative')),
    sa.ForeignKeyConstraint(['scheme_id'], ['schemes.id'], name=op.f('fk_scheme_items_scheme_id_schemes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheme_items')),
    sa.UniqueConstraint('scheme_id', 'name', name='uq_scheme_items_scheme_name')
    )
    with op.batch_alter_table('scheme_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scheme_items_scheme_id'), ['scheme_id'], unique=False)

    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=True),
    sa.Column('hire_date', sa.Date(), nullable=False),
    sa.Column('leave_date', sa.Date(), nullable=True),
    sa.Column('pay_base', sa.BigInteger(), nullable=False),
    sa.Column('seasonality_profile_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("role IN ('rep', 'supervisor', 'support', 'director')", name=op.f('ck_staff_role')),
    sa.CheckConstraint('leave_date IS NULL OR leave_date >= hire_date', name=op.f('ck_staff_leave_after_hire')),
    sa.CheckConstraint('manager_id IS NULL OR manager_id <> id', name=op.f('ck_staff_not_own_manager')),
    sa.CheckConstraint('pay_base >= 0', name=op.f('ck_staff_pay_base_not_negative')),
    sa.ForeignKeyConstraint(['manager_id'], ['staff.id'], name=op.f('fk_staff_manager_id_staff')),
    sa.ForeignKeyConstraint(['seasonality_profile_id'], ['seasonality_profiles.id'], name=op.f('fk_staff_seasonality_profile_id_seasonality_profiles')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'], name=op.f('fk_staff_unit_id_org_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff')),
    sa.UniqueConstraint('code', name=op.f('uq_staff_code'))
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_manager_id'), ['manager_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_unit_id'), ['unit_id'], unique=False)

    op.create_table('appraisals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('partial_period', sa.Boolean(), nullable=False),
    sa.Column('added_by_hand', sa.Boolean(), nullable=False),
    sa.Column('override_grade', sa.String(length=1), nullable=True),
    sa.Column('override_reason', sa.Text(), nullable=True),
    sa.Column('scorecard', sa.JSON(), nullable=True),
    sa.Column('total', sa.BigInteger(), nullable=True),
    sa.Column('band_grade', sa.String(length=1), nullable=True),
    sa.Column('distributed_grade', sa.String(length=1), nullable=True),
    sa.Column('final_grade', sa.String(length=1), nullable=True),
    sa.Column('coefficient', sa.BigInteger(), nullable=True),
    sa.Column('performance_pay', sa.BigInteger(), nullable=True),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("band_grade IS NULL OR band_grade IN ('S', 'A', 'B', 'C', 'D')", name=op.f('ck_appraisals_band_grade')),
    sa.CheckConstraint("final_grade IS NULL OR final_grade IN ('S', 'A', 'B', 'C', 'D')", name=op.f('ck_appraisals_final_grade')),
    sa.CheckConstraint("override_grade IS NULL OR override_grade IN ('S', 'A', 'B', 'C', 'D')", name=op.f('ck_appraisals_override_grade')),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_appraisals_cycle_id_cycles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_appraisals_staff_id_staff')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'], name=op.f('fk_appraisals_unit_id_org_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appraisals')),
    sa.UniqueConstraint('cycle_id', 'staff_id', name='uq_appraisals_cycle_staff')
    )
    with op.batch_alter_table('appraisals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appraisals_cycle_id'), ['cycle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appraisals_staff_id'), ['staff_id'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('cycle_id', sa.Integer(), nullable=True),
    sa.Column('field', sa.String(length=40), nullable=True),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_audit_log_cycle_id_cycles'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_audit_log_staff_id_staff'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_at', ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_cycle_id'), ['cycle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_staff_id'), ['staff_id'], unique=False)

    op.create_table('customers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=True),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('segment_id', sa.Integer(), nullable=True),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['staff.id'], name=op.f('fk_customers_owner_id_staff')),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_customers_region_id_regions')),
    sa.ForeignKeyConstraint(['segment_id'], ['customer_segments.id'], name=op.f('fk_customers_segment_id_customer_segments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customers')),
    sa.UniqueConstraint('code', name=op.f('uq_customers_code')),
    sa.UniqueConstraint('name', name=op.f('uq_customers_name'))
    )
    op.create_table('cycle_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('scope_key', sa.String(length=96), nullable=False),
    sa.Column('metric_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('period', sa.String(length=8), nullable=False),
    sa.Column('product_line_id', sa.Integer(), nullable=True),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('segment_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_cycle_targets_cycle_id_cycles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['metric_id'], ['metrics.id'], name=op.f('fk_cycle_targets_metric_id_metrics')),
    sa.ForeignKeyConstraint(['product_line_id'], ['product_lines.id'], name=op.f('fk_cycle_targets_product_line_id_product_lines')),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_cycle_targets_region_id_regions')),
    sa.ForeignKeyConstraint(['segment_id'], ['customer_segments.id'], name=op.f('fk_cycle_targets_segment_id_customer_segments')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_cycle_targets_staff_id_staff')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'], name=op.f('fk_cycle_targets_unit_id_org_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cycle_targets')),
    sa.UniqueConstraint('cycle_id', 'scope_key', name='uq_cycle_targets_cycle_key')
    )
    with op.batch_alter_table('cycle_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cycle_targets_cycle_id'), ['cycle_id'], unique=False)

    op.create_table('metric_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('metric_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('period', sa.String(length=8), nullable=False),
    sa.Column('product_line_id', sa.Integer(), nullable=True),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('segment_id', sa.Integer(), nullable=True),
    sa.Column('scope_key', sa.String(length=96), nullable=False),
    sa.CheckConstraint('(staff_id IS NULL) <> (unit_id IS NULL)', name=op.f('ck_metric_values_one_subject')),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'], name=op.f('fk_metric_values_batch_id_import_batches')),
    sa.ForeignKeyConstraint(['metric_id'], ['metrics.id'], name=op.f('fk_metric_values_metric_id_metrics')),
    sa.ForeignKeyConstraint(['product_line_id'], ['product_lines.id'], name=op.f('fk_metric_values_product_line_id_product_lines')),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_metric_values_region_id_regions')),
    sa.ForeignKeyConstraint(['segment_id'], ['customer_segments.id'], name=op.f('fk_metric_values_segment_id_customer_segments')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_metric_values_staff_id_staff')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'], name=op.f('fk_metric_values_unit_id_org_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_metric_values')),
    sa.UniqueConstraint('scope_key', name=op.f('uq_metric_values_scope_key'))
    )
    with op.batch_alter_table('metric_values', schema=None) as batch_op:
        batch_op.create_index('ix_metric_values_metric_period', ['metric_id', 'period'], unique=False)

    op.create_table('targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('metric_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('period', sa.String(length=8), nullable=False),
    sa.Column('product_line_id', sa.Integer(), nullable=True),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('segment_id', sa.Integer(), nullable=True),
    sa.Column('scope_key', sa.String(length=96), nullable=False),
    sa.CheckConstraint('(staff_id IS NULL) <> (unit_id IS NULL)', name=op.f('ck_targets_one_subject')),
    sa.CheckConstraint('value >= 0', name=op.f('ck_targets_not_negative')),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'], name=op.f('fk_targets_batch_id_import_batches')),
    sa.ForeignKeyConstraint(['metric_id'], ['metrics.id'], name=op.f('fk_targets_metric_id_metrics')),
    sa.ForeignKeyConstraint(['product_line_id'], ['product_lines.id'], name=op.f('fk_targets_product_line_id_product_lines')),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_targets_region_id_regions')),
    sa.ForeignKeyConstraint(['segment_id'], ['customer_segments.id'], name=op.f('fk_targets_segment_id_customer_segments')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_targets_staff_id_staff')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'], name=op.f('fk_targets_unit_id_org_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_targets')),
    sa.UniqueConstraint('scope_key', name=op.f('uq_targets_scope_key'))
    )
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.create_index('ix_targets_metric_period', ['metric_id', 'period'], unique=False)

    op.create_table('unit_memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.CheckConstraint('valid_to IS NULL OR valid_to > valid_from', name=op.f('ck_unit_memberships_valid_range')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_unit_memberships_staff_id_staff')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'], name=op.f('fk_unit_memberships_unit_id_org_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_memberships'))
    )
    with op.batch_alter_table('unit_memberships', schema=None) as batch_op:
        batch_op.create_index('ix_unit_memberships_staff_from', ['staff_id', 'valid_from'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_memberships_unit_id'), ['unit_id'], unique=False)

    op.create_table('adjustments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appraisal_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('points', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('bonus', 'deduction', 'veto')", name=op.f('ck_adjustments_kind')),
    sa.CheckConstraint('points >= 0', name=op.f('ck_adjustments_points_not_negative')),
    sa.ForeignKeyConstraint(['appraisal_id'], ['appraisals.id'], name=op.f('fk_adjustments_appraisal_id_appraisals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'], name=op.f('fk_adjustments_batch_id_import_batches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_adjustments'))
    )
    with op.batch_alter_table('adjustments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_adjustments_appraisal_id'), ['appraisal_id'], unique=False)

    op.create_table('appeals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appraisal_id', sa.Integer(), nullable=False),
    sa.Column('filed_on', sa.Date(), nullable=False),
    sa.Column('grounds', sa.Text(), nullable=False),
    sa.Column('facts', sa.Text(), nullable=False),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("outcome IN ('pending', 'upheld', 'rejected')", name=op.f('ck_appeals_outcome')),
    sa.ForeignKeyConstraint(['appraisal_id'], ['appraisals.id'], name=op.f('fk_appeals_appraisal_id_appraisals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appeals'))
    )
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appeals_appraisal_id'), ['appraisal_id'], unique=False)

    op.create_table('development_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appraisal_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('pip', 'training', 'transfer')", name=op.f('ck_development_plans_kind')),
    sa.ForeignKeyConstraint(['appraisal_id'], ['appraisals.id'], name=op.f('fk_development_plans_appraisal_id_appraisals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_development_plans'))
    )
    with op.batch_alter_table('development_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_development_plans_appraisal_id'), ['appraisal_id'], unique=False)

    op.create_table('interviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appraisal_id', sa.Integer(), nullable=False),
    sa.Column('interview_date', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('improvement_goals', sa.Text(), nullable=False),
    sa.Column('confirmed_on', sa.Date(), nullable=True),
    sa.Column('refused', sa.Boolean(), nullable=False),
    sa.Column('refusal_reason', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['appraisal_id'], ['appraisals.id'], name=op.f('fk_interviews_appraisal_id_appraisals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interviews')),
    sa.UniqueConstraint('appraisal_id', name=op.f('uq_interviews_appraisal_id'))
    )
    op.create_table('key_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appraisal_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('weight', sa.BigInteger(), nullable=False),
    sa.Column('completion', sa.BigInteger(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('completion IS NULL OR (completion >= 0 AND completion <= 100)', name=op.f('ck_key_tasks_completion_range')),
    sa.CheckConstraint('weight > 0', name=op.f('ck_key_tasks_weight_positive')),
    sa.ForeignKeyConstraint(['appraisal_id'], ['appraisals.id'], name=op.f('fk_key_tasks_appraisal_id_appraisals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'], name=op.f('fk_key_tasks_batch_id_import_batches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_tasks'))
    )
    with op.batch_alter_table('key_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_tasks_appraisal_id'), ['appraisal_id'], unique=False)

    op.create_table('ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appraisal_id', sa.Integer(), nullable=False),
    sa.Column('item_name', sa.String(length=96), nullable=False),
    sa.Column('rater_id', sa.Integer(), nullable=False),
    sa.Column('rater_role', sa.String(length=16), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('rated_at', sa.DateTime(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("rater_role IN ('self', 'supervisor', 'peer', 'skip_level')", name=op.f('ck_ratings_rater_role')),
    sa.CheckConstraint('rating BETWEEN 1 AND 5', name=op.f('ck_ratings_rating_range')),
    sa.ForeignKeyConstraint(['appraisal_id'], ['appraisals.id'], name=op.f('fk_ratings_appraisal_id_appraisals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'], name=op.f('fk_ratings_batch_id_import_batches')),
    sa.ForeignKeyConstraint(['rater_id'], ['staff.id'], name=op.f('fk_ratings_rater_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ratings')),
    sa.UniqueConstraint('appraisal_id', 'item_name', 'rater_id', 'rater_role', name='uq_ratings_appraisal_item_rater')
    )
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ratings_appraisal_id'), ['appraisal_id'], unique=False)

    op.create_table('receipts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('receipt_date', sa.Date(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('amount_due', sa.BigInteger(), nullable=True),
    sa.Column('receipt_key', sa.String(length=128), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'], name=op.f('fk_receipts_batch_id_import_batches')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_receipts_customer_id_customers')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_receipts_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_receipts')),
    sa.UniqueConstraint('receipt_key', name=op.f('uq_receipts_receipt_key'))
    )
    with op.batch_alter_table('receipts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receipts_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index('ix_receipts_staff_date', ['staff_id', 'receipt_date'], unique=False)

    op.create_table('sales_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_date', sa.Date(), nullable=False),
    sa.Column('order_no', sa.String(length=64), nullable=False),
    sa.Column('line_no', sa.String(length=32), nullable=True),
    sa.Column('line_key', sa.String(length=128), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('product_line_id', sa.Integer(), nullable=True),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('segment_id', sa.Integer(), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('cost', sa.BigInteger(), nullable=True),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'], name=op.f('fk_sales_lines_batch_id_import_batches')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_sales_lines_customer_id_customers')),
    sa.ForeignKeyConstraint(['product_line_id'], ['product_lines.id'], name=op.f('fk_sales_lines_product_line_id_product_lines')),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_sales_lines_region_id_regions')),
    sa.ForeignKeyConstraint(['segment_id'], ['customer_segments.id'], name=op.f('fk_sales_lines_segment_id_customer_segments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_lines')),
    sa.UniqueConstraint('line_key', name=op.f('uq_sales_lines_line_key'))
    )
    with op.batch_alter_table('sales_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sales_lines_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sales_lines_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index('ix_sales_lines_date', ['line_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_sales_lines_order_no'), ['order_no'], unique=False)

    op.create_table('sales_credits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sales_line_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('share', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('share > 0 AND share <= 10000', name=op.f('ck_sales_credits_share_range')),
    sa.ForeignKeyConstraint(['sales_line_id'], ['sales_lines.id'], name=op.f('fk_sales_credits_sales_line_id_sales_lines'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_sales_credits_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_credits')),
    sa.UniqueConstraint('sales_line_id', 'staff_id', name='uq_sales_credits_line_staff')
    )
    with op.batch_alter_table('sales_credits', schema=None) as batch_op:
        batch_op.create_index('ix_sales_credits_staff', ['staff_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('sales_credits', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_credits_staff')

    op.drop_table('sales_credits')
    with op.batch_alter_table('sales_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sales_lines_order_no'))
        batch_op.drop_index('ix_sales_lines_date')
        batch_op.drop_index(batch_op.f('ix_sales_lines_customer_id'))
        batch_op.drop_index(batch_op.f('ix_sales_lines_batch_id'))

    op.drop_table('sales_lines')
    with op.batch_alter_table('receipts', schema=None) as batch_op:
        batch_op.drop_index('ix_receipts_staff_date')
        batch_op.drop_index(batch_op.f('ix_receipts_batch_id'))

    op.drop_table('receipts')
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ratings_appraisal_id'))

    op.drop_table('ratings')
    with op.batch_alter_table('key_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_key_tasks_appraisal_id'))

    op.drop_table('key_tasks')
    op.drop_table('interviews')
    with op.batch_alter_table('development_plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_development_plans_appraisal_id'))

    op.drop_table('development_plans')
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appeals_appraisal_id'))

    op.drop_table('appeals')
    with op.batch_alter_table('adjustments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_adjustments_appraisal_id'))

    op.drop_table('adjustments')
    with op.batch_alter_table('unit_memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_memberships_unit_id'))
        batch_op.drop_index('ix_unit_memberships_staff_from')

    op.drop_table('unit_memberships')
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.drop_index('ix_targets_metric_period')

    op.drop_table('targets')
    with op.batch_alter_table('metric_values', schema=None) as batch_op:
        batch_op.drop_index('ix_metric_values_metric_period')

    op.drop_table('metric_values')
    with op.batch_alter_table('cycle_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cycle_targets_cycle_id'))

    op.drop_table('cycle_targets')
    op.drop_table('customers')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_staff_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_cycle_id'))
        batch_op.drop_index('ix_audit_log_at')

    op.drop_table('audit_log')
    with op.batch_alter_table('appraisals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appraisals_staff_id'))
        batch_op.drop_index(batch_op.f('ix_appraisals_cycle_id'))

    op.drop_table('appraisals')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_unit_id'))
        batch_op.drop_index(batch_op.f('ix_staff_name'))
        batch_op.drop_index(batch_op.f('ix_staff_manager_id'))

    op.drop_table('staff')
    with op.batch_alter_table('scheme_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scheme_items_scheme_id'))

    op.drop_table('scheme_items')
    with op.batch_alter_table('org_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_units_parent_id'))

    op.drop_table('org_units')
    with op.batch_alter_table('import_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_import_changes_batch')

    op.drop_table('import_changes')
    op.drop_table('cycles')
    op.drop_table('settings')
    op.drop_table('seasonality_profiles')
    op.drop_table('schemes')
    op.drop_table('regions')
    op.drop_table('product_lines')
    op.drop_table('metrics')
    op.drop_table('import_batches')
    op.drop_table('customer_segments')
