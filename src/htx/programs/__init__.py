"""Support programmes and activities of the cooperative alliance (chương trình hỗ trợ, hoạt động).

:mod:`htx.programs.support` holds programme disbursements and their totals;
:mod:`htx.programs.activities` trainings, conferences, fairs, awards and membership changes.
"""
