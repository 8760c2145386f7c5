module github.com/onus-dev/onus

go 1.26.8

require go.yaml.in/yaml/v3 v3.0.6

require github.com/google/go-cmp v0.7.0
