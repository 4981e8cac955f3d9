"""Plain, typed logic of the Jeffersontown 911 assistant.

Nothing here imports Rasa: the Rasa glue (actions/, the NLU components, channels/)
calls these functions, and tests call them directly.
"""
