"""Speed and size of the assistant against the `rasa init` bot, over REST on localhost: `python -m bench`."""
