"""MockSectraServer: a faithful local Sectra for development and tests."""
