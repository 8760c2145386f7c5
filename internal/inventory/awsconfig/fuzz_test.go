package awsconfig

import (
	"testing"

	"github.com/onus-dev/onus/internal/inventory/internal/invtest"
	"github.com/onus-dev/onus/internal/testkit"
)

func FuzzRead(f *testing.F) {
	testkit.SeedTestdata(f)
	f.Add([]byte(`{"Results":["{\"resourceType\":\"AWS::S3::Bucket\",\"arn\":\"arn:aws:s3:::b\",\"configuration\":\"{}\"}"]}`))
	f.Add([]byte(`{"ResourceTagMappingList":[{"ResourceARN":"arn:aws:apigateway:eu-west-1::/","Tags":null}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		invtest.Fuzz(t, Format, data)
		invtest.Fuzz(t, TaggingFormat, data)
	})
}
