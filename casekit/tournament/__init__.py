"""The class tournament: many plans, one seed, a leaderboard and a debrief.

intake     reading a folder of plans from strangers (validated, never run)
store      finished replications in SQLite (resumable)
scheduler  running replications in a process pool or any executor
phases     per-phase scores for the debrief
result     the entries, the leaderboard and access to stored results
run        run_tournament: the pipeline
cli        ``casekit tournament`` and its text tables
"""

from casekit.tournament.cli import leaderboard_table, rejected_table, tournament_cli
from casekit.pool import watch_parent, worker_pool
from casekit.tournament.intake import (MAX_SUBMISSIONS, NOTES, PLAN_SUFFIXES, REASONS, Note,
                                       Rejection, Submission, check_student_id, collect_submissions,
                                       readable_name, reference_plans)
from casekit.tournament.result import (BASELINE, REFERENCE, REJECTED_COLUMNS, STUDENT,
                                       VARIANT_BASELINE, Entry, TournamentResult, improvement,
                                       key_metrics)
from casekit.tournament.run import run_tournament
from casekit.tournament.scheduler import TextProgress
from casekit.tournament.store import (ResultStore, StoreDamage, StoreNotice, engine_version,
                                      pack_series, unpack_series)

__all__ = [
    "Submission", "Rejection", "Entry", "ResultStore", "TournamentResult", "TextProgress",
    "collect_submissions", "run_tournament", "check_student_id", "reference_plans",
    "engine_version", "pack_series", "unpack_series", "key_metrics", "PLAN_SUFFIXES",
    "MAX_SUBMISSIONS", "BASELINE", "REFERENCE", "STUDENT", "tournament_cli", "leaderboard_table",
    "rejected_table", "Note", "NOTES", "readable_name", "VARIANT_BASELINE", "improvement",
    "StoreNotice", "StoreDamage", "worker_pool", "watch_parent", "REASONS", "REJECTED_COLUMNS",
]
