import ArgumentParser
ArchverifyCommand.main()
