package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"text/template"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/catalog"
	"github.com/onus-dev/onus/internal/model"
)

// starterServices are the assets init writes per provider: one of each kind
// most estates have, so that the first check shows real duties.
var starterServices = map[string][]string{
	"aws":    {"aws:ec2", "aws:rds", "aws:s3", "aws:lambda"},
	"azure":  {"azure:virtual-machines", "azure:sql", "azure:storage", "azure:app-service"},
	"gcp":    {"gcp:compute-engine", "gcp:cloud-sql", "gcp:cloud-storage", "gcp:cloud-run"},
	"onprem": {"onprem:vmware", "onprem:ad"},
}

func runInit(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "init", "[flags] [DIR]",
		"Writes a model to start from in DIR (default: onus): the organisation, a security team, one\n"+
			"example asset per service you name, and an empty place for assignments. It checks clean\n"+
			"except for the duties you must assign, which it lists.")
	providers := fs.String("providers", "", "cloud `PROVIDERS` to start with, comma-separated: aws, azure, gcp")
	saas := fs.String("saas", "", "SaaS `SERVICES` in use, comma-separated, such as m365,okta,github (see onus catalog list --provider …)")
	onprem := fs.Bool("onprem", false, "include on-premises systems")
	org := fs.String("org", "example-org", "an `ID` for the organisation")
	force := fs.Bool("force", false, "write into DIR even if it holds files")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	dir := "onus"
	if len(pos) > 0 {
		dir = pos[0]
	}
	if !orgID.MatchString(*org) {
		return onus.Errorf(onus.EInvalid, "--org %q: use lower-case letters, digits and dashes", *org)
	}
	cat, err := catalog.Builtin()
	if err != nil {
		return err
	}
	services, err := starterAssets(cat, *providers, *saas, *onprem)
	if err != nil {
		return err
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 && !*force {
		return onus.Errorf(onus.EConflict, "%s already holds files; choose another directory or pass --force", dir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return &onus.Error{Code: onus.EInvalid, Message: "cannot read directory", Loc: onus.Location{File: dir}, Err: err}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &onus.Error{Code: onus.EInvalid, Message: "cannot create directory", Loc: onus.Location{File: dir}, Err: err}
	}
	files, err := renderStarter(starterData{Org: *org, CatalogVersion: cat.Version, Services: services, Schema: model.SchemaID})
	if err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := os.WriteFile(filepath.Join(dir, name), files[name], 0o644); err != nil {
			return &onus.Error{Code: onus.EInternal, Message: "cannot write file", Loc: onus.Location{File: filepath.Join(dir, name)}, Err: err}
		}
		fmt.Fprintf(env.Stdout, "wrote %s\n", filepath.Join(dir, name))
	}
	res, err := evaluate(ctx, env, []string{dir}, &modelFlags{})
	if err != nil {
		return fmt.Errorf("the new model does not load (a bug in onus init): %w", err)
	}
	todo := map[string][]string{}
	for f := range res.Findings() {
		if f.Check != onus.CheckUnassigned {
			return fmt.Errorf("the new model has a %s finding (a bug in onus init): %s", f.Check, f.Message)
		}
		todo[f.Asset.Service] = append(todo[f.Asset.Service], string(f.Layer))
	}
	fmt.Fprintf(env.Stdout, "\nThe model checks clean except for these duties, which are yours to assign in %s:\n",
		filepath.Join(dir, "assignments.yaml"))
	for _, svc := range slices.Sorted(maps.Keys(todo)) {
		fmt.Fprintf(env.Stdout, "  %s: %s\n", svc, strings.Join(todo[svc], ", "))
	}
	fmt.Fprintf(env.Stdout, "\nNext: replace the example assets with your inventory (inventories: in onus.yaml), name\nyour teams in parties.yaml, assign the duties, then run: onus check %s\n", dir)
	return nil
}

// starterAssets picks the example services for the chosen providers.
func starterAssets(cat *onus.Catalog, providers, saas string, onprem bool) ([]*onus.Service, error) {
	var ids []string
	for _, p := range splitList(providers) {
		list, ok := starterServices[p]
		if !ok || p == "onprem" {
			return nil, onus.Errorf(onus.EInvalid, "--providers: unknown provider %q (use aws, azure or gcp)", p)
		}
		ids = append(ids, list...)
	}
	if onprem {
		ids = append(ids, starterServices["onprem"]...)
	}
	for _, s := range splitList(saas) {
		id := "saas:" + strings.TrimPrefix(s, "saas:")
		if cat.Service(id) == nil {
			var known []string
			for _, svc := range cat.SortedServices() {
				if strings.HasPrefix(svc.ID, "saas:") {
					known = append(known, strings.TrimPrefix(svc.ID, "saas:"))
				}
			}
			return nil, onus.Errorf(onus.EInvalid, "--saas: unknown SaaS service %q (known: %s)%s", s, strings.Join(known, ", "), onus.DidYouMean(s, known))
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, onus.Errorf(onus.EInvalid, "name what you run: --providers aws,azure,gcp, --saas m365,…, or --onprem")
	}
	var out []*onus.Service
	for _, id := range ids {
		s := cat.Service(id)
		if s == nil {
			return nil, fmt.Errorf("the built-in catalog lacks %s (a bug in onus init)", id)
		}
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// orgID is what --org may be: it is written into YAML unquoted.
var orgID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(strings.ToLower(p)); p != "" {
			out = append(out, p)
		}
	}
	return out
}

type starterData struct {
	Org            string
	CatalogVersion string
	Schema         string
	Services       []*onus.Service
}

// starterFiles are the files init writes. They use text/template: the output
// is YAML, and every value placed in it is an ID or a catalog name.
var starterFiles = map[string]string{
	"onus.yaml": `# yaml-language-server: $schema={{.Schema}}
# The model's settings. Every .yaml file in this directory is part of the model.
apiVersion: onus/v1
catalog:
  version: "{{.CatalogVersion}}"
# Inventories whose resources become assets (Terraform state, cloud exports, CSV):
# inventories:
#   - path: inventory/*.tfstate
`,
	"parties.yaml": `# yaml-language-server: $schema={{.Schema}}
# Who can hold a duty. Providers from the catalog (aws, azure, …) need no entry.
apiVersion: onus/v1
parties:
  - id: {{.Org}}
    name: {{.Org}}
    kind: customer
    contacts:
      - email: security@{{.Org}}.example
  - id: security-team
    name: Security team
    kind: team
    contacts:
      - email: security-team@{{.Org}}.example
`,
	"assets.yaml": `# yaml-language-server: $schema={{.Schema}}
# One example asset per service you named. Replace them with your own, or with
# inventories (see onus.yaml).
apiVersion: onus/v1
assets:
{{- range .Services}}
  - id: example-{{.ID | slug}}
    name: Example {{.Name}}
    service: {{.ID}}
    environment: prod
{{- end}}
`,
	"assignments.yaml": `# yaml-language-server: $schema={{.Schema}}
# Who owns the customer's layers. onus check lists what is unassigned. For example:
#
# assignments:
#   - id: security-team-identity
#     layers: [identity, monitoring, incident-response]
#     owner: security-team
#   - id: app-team-data
#     select: {environment: prod}
#     layers: [application, code, data]
#     owner: app-team
apiVersion: onus/v1
assignments: []
`,
}

func renderStarter(d starterData) (map[string][]byte, error) {
	funcs := template.FuncMap{"slug": func(s string) string { return strings.NewReplacer(":", "-", ".", "-").Replace(s) }}
	out := map[string][]byte{}
	for name, text := range starterFiles {
		t, err := template.New(name).Funcs(funcs).Parse(text)
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		if err := t.Execute(&b, d); err != nil {
			return nil, err
		}
		out[name] = b.Bytes()
	}
	return out, nil
}

func runSchema(_ context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "schema", "", "Prints the JSON Schema of model files. Point your editor at it, or at\n"+model.SchemaID)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	data, err := model.Schema()
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(env.Stdout, "%s\n", data)
	return err
}
