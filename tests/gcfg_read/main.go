// Reads a cloud.conf with gopkg.in/gcfg.v1, the library (and the [Global]
// field names) cloud-provider-openstack uses, and prints what it read as
// JSON, so tests/cli_exports_consumers.rs can prove an export survives the
// consumer's own parser. Usage: gcfg_read FILE (or - for stdin).
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	gcfg "gopkg.in/gcfg.v1"
)

type config struct {
	Global struct {
		AuthURL                     string `gcfg:"auth-url"`
		ApplicationCredentialID     string `gcfg:"application-credential-id"`
		ApplicationCredentialSecret string `gcfg:"application-credential-secret"`
		Region                      string `gcfg:"region"`
		CAFile                      string `gcfg:"ca-file"`
		TLSInsecure                 string `gcfg:"tls-insecure"`
	}
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gcfg_read FILE|-")
		os.Exit(2)
	}
	var text []byte
	var err error
	if os.Args[1] == "-" {
		text, err = io.ReadAll(os.Stdin)
	} else {
		text, err = os.ReadFile(os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var c config
	// Strict, as cloud-provider-openstack's ReadConfig: an unknown key fails.
	if err := gcfg.ReadStringInto(&c, string(text)); err != nil {
		fmt.Fprintln(os.Stderr, "gcfg:", err)
		os.Exit(1)
	}
	out, _ := json.Marshal(map[string]string{
		"auth_url":     c.Global.AuthURL,
		"id":           c.Global.ApplicationCredentialID,
		"secret":       c.Global.ApplicationCredentialSecret,
		"region":       c.Global.Region,
		"ca_file":      c.Global.CAFile,
		"tls_insecure": c.Global.TLSInsecure,
	})
	fmt.Println(string(out))
}
