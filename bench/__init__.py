"""`make bench` (`python -m bench`): our assistant against the stock `rasa init` one."""
