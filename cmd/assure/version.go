package main

import "github.com/assure-dev/assure/report"

func versionString() string { return report.Version }
