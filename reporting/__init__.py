"""The staff report (`make report`): what residents asked, what the assistant
missed, and what to teach it next. See README.md ("Staff report")."""
