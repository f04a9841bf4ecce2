module ${{ values.host }}/${{ values.org }}/${{ values.repo }}

go 1.23
