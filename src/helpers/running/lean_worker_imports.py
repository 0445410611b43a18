"""Imported first by the page workers' forkserver (`warm_start.WORKER_IMPORTS`, which can only
name modules): the imports they never use are skipped (`lean_imports.skip_worker_imports`)."""

from helpers.running.lean_imports import skip_worker_imports

skip_worker_imports()
