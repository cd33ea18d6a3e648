"""`soundbite serve`: the index on a web page, for colleagues who do not live in a terminal.

The third interface beside the command line (`indexer.cli`): it prints
nothing and serves pages, a JSON API and media. It reads the index only
through the engine and shows hits with the command line's own JSON
(`indexer.cli.render`), so the page, the API and the terminal agree.

- `server`: the HTTP side (routes, access token, security headers, ranges of
  media files), on the standard library's threaded server.
- `archive`: what a request asks of the index, answered from resident
  searchers kept open between requests.
- `pages`: the HTML, every value from a transcript escaped.
"""
