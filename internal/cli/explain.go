package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/catalog"
	"github.com/onus-dev/onus/internal/report"
)

func runExplain(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "explain", "[flags] ASSET [LAYER] MODEL...",
		"Says, in words, why each party holds each layer of an asset: which assignment, agreement\n"+
			"clause, catalog entry or default decided, where it is written, and what it overrode.\n"+
			"ASSET is an asset ID, name or inventory address; LAYER a layer ID or alias.")
	var mf modelFlags
	mf.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return onus.Errorf(onus.EInvalid, "usage: onus explain ASSET [LAYER] MODEL...")
	}
	ref, rest := pos[0], pos[1:]
	var layer onus.Layer
	if l, ok := onus.ParseLayer(rest[0]); ok && len(rest) > 1 {
		layer, rest = l, rest[1:]
	}
	res, err := evaluate(ctx, env, rest, &mf)
	if err != nil {
		return err
	}
	a := res.Asset(ref)
	if a == nil {
		ids := make([]string, 0, len(res.Assets))
		for _, r := range res.Assets {
			ids = append(ids, r.Asset.ID)
		}
		return onus.Errorf(onus.ENotFound, "no asset %q in the model or its inventories%s", ref, onus.DidYouMean(ref, ids))
	}
	return report.WriteExplain(env.Stdout, res, a, layer)
}

func runWho(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "who", "[flags] PARTY MODEL...",
		"Lists every duty a party holds, by service and layer, with its contacts, escalation path\n"+
			"and the provider's tools for those duties.")
	var mf modelFlags
	mf.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return onus.Errorf(onus.EInvalid, "usage: onus who PARTY MODEL...")
	}
	res, err := evaluate(ctx, env, pos[1:], &mf)
	if err != nil {
		return err
	}
	party := res.Party(pos[0])
	if party == nil {
		var ids []string
		for _, p := range res.Parties() {
			ids = append(ids, p.ID)
		}
		return onus.Errorf(onus.ENotFound, "no party %q (parties: %s)%s", pos[0], strings.Join(ids, ", "), onus.DidYouMean(pos[0], ids))
	}
	return report.WriteWho(env.Stdout, res, party)
}

func runVersion(_ context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "version", "", "Prints the versions of onus and of its built-in catalog.")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	cat, err := catalog.Builtin()
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "onus %s\n%s\n", buildVersion(), catalog.Describe(cat))
	return nil
}
