module github.com/assure-dev/assure

go 1.26.8

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/go-pdf/fpdf v0.9.0
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
	github.com/urfave/cli/v3 v3.14.0
	golang.org/x/image v0.48.0
	golang.org/x/text v0.44.0
)
