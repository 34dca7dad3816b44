"""The load benchmark run by ``bench/load.py``, one module per job.

``config`` holds the sizes of a run; ``phrases`` and ``traffic`` generate the residents' conversations
and send them (closed-loop sessions against ``POST /api/chat``); ``processes`` samples the servers'
CPU and memory from ``/proc``; ``levels`` runs the concurrency levels and summarizes each;
``profiling`` samples the servers with py-spy; ``assistant`` starts the whole assistant or finds a
running one. ``report/load.py`` renders the results.
"""
