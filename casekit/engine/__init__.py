"""The simulation engine: hourly steps, vectorised with numpy over customers.

population  who the customers are (drawn once per seed and replication)
randomness  the random streams, split so every plan sees the same draws
draws       everything random about one replication, drawn once and reused across plans
spread      the public thread: a self-exciting process of comments, likes and shares
response    what a company message is worth to one customer (SCCT, tone, timing)
operations  call-centre, back-office and social-care queues with limited capacity
simulate    the hourly loop that ties them together
"""

from casekit.engine.simulate import RunResult, simulate, simulate_batch

__all__ = ["simulate", "simulate_batch", "RunResult"]
