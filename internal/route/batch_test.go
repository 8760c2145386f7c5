package route

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
)

// randomFindings returns n findings of every status, on the test estate's
// assets and on resources it does not have, with checks of every kind.
func randomFindings(n int, seed uint64) []*findings.Finding {
	r := rand.New(rand.NewPCG(seed, 1))
	resources := []findings.Resource{
		{ID: "arn:aws:s3:::acme-logs"}, {ID: "arn:aws:rds:eu-west-1:111111111111:db:orders"},
		{ID: "arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc123"}, {Address: "module.web.aws_lb.main"},
		{Namespace: "shop", Name: "checkout", Type: "Deployment"}, {ID: "acme-github"},
		{ID: "arn:aws:lambda:eu-west-1:333333333333:function:fn-z", Type: "AwsLambdaFunction"},
		{ID: "arn:aws:ec2:eu-west-1:444444444444:instance/i-0fff", Type: "AwsEc2Instance"},
		{ID: "arn:aws:s3:::elsewhere", Type: "AwsS3Bucket", Account: "999999999999"},
		{ID: "mystery", Type: "Widget"},
	}
	checks := []string{"s3_bucket_default_encryption", "iam_root_mfa_enabled", "ec2_securitygroup_default_restrict_traffic",
		"cloudtrail_multi_region_enabled", "rds_instance_deprecated_engine_version", "ec2_instance_managed_by_ssm", "unknown_check"}
	statuses := []findings.Status{findings.Fail, findings.Fail, findings.Pass, findings.Manual, findings.Skipped}
	out := make([]*findings.Finding, n)
	for i := range out {
		f := &findings.Finding{Tool: "Prowler", Check: checks[r.IntN(len(checks))], Status: statuses[r.IntN(len(statuses))],
			Severity: onus.Severity(r.IntN(5)), Resource: resources[r.IntN(len(resources))],
			Title: fmt.Sprintf("title %d", r.IntN(3)), Loc: onus.Location{File: "random.json", Line: i + 1}}
		if r.IntN(4) == 0 {
			f.Observed = testNow.Add(-time.Duration(r.IntN(1000)) * time.Hour)
		}
		out[i] = f
	}
	return out
}

// TestNothingIsDropped routes findings of every kind through a spool small
// enough to write many runs and merge them, and checks that every finding
// ends in exactly one bucket, that the counts add up to the input, and
// that the spool gives every spooled finding back once, in report order.
func TestNothingIsDropped(t *testing.T) {
	r := newTestRouter(t)
	for _, tt := range []struct {
		name            string
		n, buf, maxRuns int
	}{
		{"one run", 500, spoolBuffer, maxRuns},
		{"many runs", 3000, 8 << 10, maxRuns},
		{"merged runs", 3000, 4 << 10, 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			b := r.NewBatch(dir)
			b.sp.maxBuf, b.sp.maxRuns = tt.buf, tt.maxRuns
			fs := randomFindings(tt.n, uint64(tt.n))
			want := map[Bucket]int{}
			spooled := map[uint64]int{}
			for _, f := range fs {
				d := r.Route(f)
				want[d.Bucket]++
				if d.Bucket < Evidence {
					spooled[d.Key]++
				}
				if err := b.Add(f); err != nil {
					t.Fatal(err)
				}
			}
			res, err := b.Finish()
			if err != nil {
				t.Fatal(err)
			}
			s := res.Summary
			got := map[Bucket]int{Queue: s.Queued, ProviderCase: s.ProviderCases, Unroutable: s.Unroutable, Evidence: s.Evidence, Suppressed: s.Suppressed}
			total := 0
			for bk, n := range got {
				total += n
				if n != want[bk] {
					t.Errorf("%s: %d, want %d", bk, n, want[bk])
				}
			}
			if total != tt.n || s.Input != tt.n {
				t.Errorf("buckets hold %d and input is %d, want %d", total, s.Input, tt.n)
			}
			var partyQueued, partyCases, partyEvidence int
			for _, pc := range res.Parties {
				partyQueued += pc.QueuedTotal()
				partyCases += pc.CasesTotal()
				partyEvidence += pc.EvidenceTotal()
			}
			if partyQueued != s.Queued || partyCases != s.ProviderCases || partyEvidence+sum(res.EvidenceUnowned[:]) != s.Evidence {
				t.Errorf("party counts %d/%d/%d do not add up to %d/%d/%d", partyQueued, partyCases, partyEvidence, s.Queued, s.ProviderCases, s.Evidence)
			}
			var prev *sortKey
			read := 0
			err = res.Each(func(rec *Record) error {
				read++
				spooled[rec.Key()]--
				k := rec.key
				if prev != nil && k.less(prev) {
					t.Fatalf("record %d is out of order: %+v after %+v", read, k, *prev)
				}
				prev = &k
				if rec.Bucket() != Unroutable && rec.Party() == nil {
					t.Fatalf("record %d in %s has no party", read, rec.Bucket())
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if read != s.Queued+s.ProviderCases+s.Unroutable {
				t.Errorf("spool gave back %d records, want %d", read, s.Queued+s.ProviderCases+s.Unroutable)
			}
			for k, n := range spooled {
				if n != 0 {
					t.Errorf("key %s: %d records missing from the spool", FormatKey(k), n)
				}
			}
			if tt.maxRuns < maxRuns && len(b.sp.runs) > tt.maxRuns {
				t.Errorf("%d runs, want at most %d after merging", len(b.sp.runs), tt.maxRuns)
			}
			if err := res.Close(); err != nil {
				t.Fatal(err)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("spool files left behind: %v", entries)
			}
		})
	}
}

func TestSpoolCutsLongFields(t *testing.T) {
	r := newTestRouter(t)
	b := r.NewBatch(t.TempDir())
	f := testFinding("Prowler", "x", "mystery")
	f.Title = strings.Repeat("é", maxField)
	if err := b.Add(f); err != nil {
		t.Fatal(err)
	}
	res, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	res.Each(func(rec *Record) error {
		it := rec.Item()
		if len(it.Title) > maxField || !strings.HasPrefix(it.Title, "éé") || strings.ContainsRune(it.Title, '\uFFFD') {
			t.Errorf("title of %d bytes, cut badly", len(it.Title))
		}
		return nil
	})
}

func TestRecordParseRejectsCorruption(t *testing.T) {
	it := &Item{Tool: "t", Check: "c", Key: 7}
	raw := encodeItem(nil, sortKey{bucket: Queue, party: 1, seq: 3}, it)
	var rec Record
	if err := rec.parse(raw, nil); err != nil {
		t.Fatal(err)
	}
	for n := range len(raw) {
		if err := rec.parse(raw[:n], nil); err == nil {
			t.Errorf("a record cut to %d of %d bytes parses", n, len(raw))
		}
	}
}
