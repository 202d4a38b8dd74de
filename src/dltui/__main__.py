from dltui.cli import main

if __name__ == "__main__":  # guarded: the app's training processes re-import the main module
    raise SystemExit(main())
