"""Spreading work over a dask.distributed cluster: ``--scheduler local[:N] | tcp://HOST:PORT``.

Only the computing is spread -- geoparsing and extracting an article's events, diffing two snapshots; the
store is written by the one process that holds the command, one transaction per document as always, so results
are identical to a run without a scheduler. Nothing here imports Dask until a scheduler is asked for, and
nothing here knows what the work is: callers pass the functions to run (module-level functions, so the workers
can import them), which live beside the code they call (``ingest.extract_batch``, ``diff.step_task``).

With ``tcp://HOST:PORT`` the workers run elsewhere: they need frontline installed (the same version), and for
``series`` they read the store themselves, so a PostGIS URL (or a GeoPackage on a shared file system).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator

from .errors import BadInput, WorkFailed

__all__ = ["scheduler", "parallel_map", "pipeline"]


@contextmanager
def scheduler(spec: str | None) -> Iterator[object | None]:
    """A dask.distributed Client for ``spec`` (None: no cluster, nothing imported)."""
    if not spec:
        yield None
        return
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise WorkFailed("--scheduler needs Dask: pip install 'frontline[dask]'") from None
    if spec == "local" or spec.startswith("local:"):
        try:
            n = int(spec.split(":", 1)[1]) if ":" in spec else (os.cpu_count() or 1)
        except ValueError:
            raise BadInput(f"--scheduler: {spec!r}: local, local:N or tcp://HOST:PORT") from None
        if n < 1:
            raise BadInput(f"--scheduler: {spec!r}: at least one worker")
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
            cluster.close()
    elif spec.startswith("tcp://"):
        try:
            client = Client(spec, timeout="15s")
        except OSError as e:
            raise WorkFailed(f"--scheduler: cannot reach {spec} ({e})") from None
        try:
            yield client
        finally:
            client.close()
    else:
        raise BadInput(f"--scheduler: {spec!r}: local, local:N or tcp://HOST:PORT")


def parallel_map(client, func: Callable, items: Iterable, progress: Callable[[int], None] | None = None) -> list:
    """``[func(x) for x in items]``, on the cluster when there is one; results in input order."""
    items = list(items)
    if client is None:
        out = []
        for n, x in enumerate(items, 1):
            out.append(func(x))
            if progress:
                progress(n)
        return out
    from dask.distributed import as_completed

    futures = client.map(func, items, pure=False)
    index = {f.key: n for n, f in enumerate(futures)}
    results: list = [None] * len(items)
    for done, fut in enumerate(as_completed(futures), 1):
        results[index[fut.key]] = fut.result()
        if progress:
            progress(done)
    return results


def pipeline(client, func: Callable, items: Iterable, ahead: int = 200) -> Iterator:
    """Yield ``func(x)`` for each item in order; on a cluster, up to ``ahead`` items are computed in advance
    while the caller works on the results (without one, each is computed when asked for)."""
    if client is None:
        for x in items:
            yield func(x)
        return
    from collections import deque

    it = iter(items)
    queue: deque = deque()
    for x in it:
        queue.append(client.submit(func, x, pure=False))
        if len(queue) >= ahead:
            break
    while queue:
        fut = queue.popleft()
        nxt = next(it, None)
        if nxt is not None:
            queue.append(client.submit(func, nxt, pure=False))
        yield fut.result()
