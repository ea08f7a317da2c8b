"""What every Python compatibility story checks with: a failed check ends the story with its reason."""


class StoryFailure(Exception):
    """A check of the story failed; the message says which and why."""


def say(message):
    print(message, flush=True)


def check(condition, message):
    if not condition:
        raise StoryFailure(message)
