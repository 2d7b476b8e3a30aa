// The entry point: parse, run, and map every outcome to cli.md's exit status.
ArchverifyCommand.runAndExit()
