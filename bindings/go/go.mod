module github.com/libllmmetrics/llmmetrics/bindings/go

go 1.19
