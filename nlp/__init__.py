"""The project's own spaCy pipeline: built offline from the facts, used by Rasa's SpacyNLP."""
