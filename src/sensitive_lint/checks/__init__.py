"""Check modules. Each has `rules(ctx) -> list[Rule]` and `run(doc, ctx) -> Iterator[Hit]`.

The registry (sensitive_lint.registry.check_modules) lists them in the order they run.
"""
