"""The App Home: built from the person's own data, published on app_home_opened (an event,
wired with the others in handlers.events) and after what changes it."""
