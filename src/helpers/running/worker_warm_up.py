"""Imported last by the page workers' forkserver (`warm_start.WORKER_IMPORTS`, which can only name
modules): renders a small notebook to HTML once, so that every worker forked from the forkserver
starts with nbconvert's template compiled instead of compiling it for its first page (~0.15 s a
worker)."""

from helpers.sharing.convert import warm_up_html

warm_up_html()
