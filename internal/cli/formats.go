package cli

import (
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/inventory/assetcsv"
	"github.com/onus-dev/onus/internal/inventory/awsconfig"
	"github.com/onus-dev/onus/internal/inventory/azure"
	"github.com/onus-dev/onus/internal/inventory/cyclonedx"
	"github.com/onus-dev/onus/internal/inventory/gcp"
	"github.com/onus-dev/onus/internal/inventory/kubernetes"
	"github.com/onus-dev/onus/internal/inventory/terraform"
)

// inventoryFormats lists every inventory format, in sniffing order: the
// most specific shapes first, CSV (which sniffs loosely) last.
func inventoryFormats() []inventory.Format {
	return []inventory.Format{
		terraform.Format,
		terraform.ShowFormat,
		awsconfig.Format,
		awsconfig.TaggingFormat,
		azure.Format,
		gcp.Format,
		kubernetes.Format,
		cyclonedx.Format,
		assetcsv.Format,
	}
}
