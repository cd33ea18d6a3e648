"""The command line: parse arguments, run a command against the engine, render what it returns.

`entry.main` is the console script (a plain search skips Typer), `app` the
Typer declarations, `commands` one function a command taking an injected
`Environment` and returning the exit status, `render` every byte the user
sees. This is the only wing that prints or looks at terminals; nothing below
it imports from here.
"""
