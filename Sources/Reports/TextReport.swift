import ArchCore
