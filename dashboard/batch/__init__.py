"""Batch extraction: article archives and folders through the pipeline on a Dask cluster, into the store.

:mod:`.sources` turns sources (folders, article files, JSON Lines archives, gzip allowed) into articles, one
numbered item at a time, with a clear per-item error for a bad one; :mod:`.runner` partitions them across Dask
workers (``local:N`` starts a local cluster, ``tcp://HOST:8786`` joins a running one), streams the events back
and writes them in input order, one transaction per batch, so a cluster run stores exactly what the serial
ingest stores, and a run killed halfway resumes where it stopped.
"""
