"""Custom Rasa NLU components: thin glue around the plain logic in assistant/."""
