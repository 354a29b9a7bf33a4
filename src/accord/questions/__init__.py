"""The five questions of the public API, one module each (``accord.<question>`` re-exports them).

- :func:`~accord.questions.loading.load` — a scenario from a file or from YAML text;
- :func:`~accord.questions.conflict.analyze_conflict` — why the parties are stuck;
- :func:`~accord.questions.deal.analyze_deal` — what deal they could all accept;
- :func:`~accord.questions.phasing.plan` and :func:`~accord.questions.phasing.audit` — how to
  carry it out safely, and whether a written plan is safe;
- :func:`~accord.questions.verification.analyze_verification` — how sure we can be that cheating
  is caught.

Each takes a loaded :class:`~accord.scenario.Scenario` and options, checks the options (an
unknown name is an error with a "did you mean" hint), and returns a frozen result whose
``to_dict()`` is what ``accord ... --json`` prints. The command line calls these functions.
"""
