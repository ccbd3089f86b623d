"""The maths every kind of case shares, vectorised with numpy.

randomness  the random streams, split so every plan sees the same draws
response    what a company message is worth to one customer (SCCT, tone, timing)
spread      a public thread: a self-exciting process with a power-law memory (SEISMIC)
operations  queues with limited capacity, served in arrival order
churn       the churn ledger: hazards spent against Exp(1) thresholds
result      RunResult, what one replication of one plan produced

Each kind's own engine lives in its folder under ``casekit/kinds/`` and uses these;
:func:`casekit.simulation.simulate_batch` runs a scenario through the engine of its kind.
"""

from casekit.engine.result import RunResult

__all__ = ["RunResult"]
