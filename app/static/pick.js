// Autocomplete for every field that names a node (app/templates/_pick.html), following
// the WAI-ARIA combobox pattern with a list popup: type to get suggestions from
// /api/suggest, Down/Up to move, Enter to choose, Escape to close. The visible field
// keeps the name; a hidden field of the same name submits the chosen node's id, or the
// text as typed, which the server resolves by name (as it does without JavaScript).
(function () {
  "use strict";
  var DELAY_MS = 150;

  function enhance(input) {
    var listId = input.id + "-suggestions";
    var hidden = document.createElement("input");
    var list = document.createElement("ul");
    var status = document.createElement("span");
    var timer = null;
    var active = -1;
    var choices = [];
    var asked = "";

    hidden.type = "hidden";
    hidden.name = input.name;
    hidden.value = input.dataset.value || input.value;
    input.removeAttribute("name");
    input.after(hidden);
    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.dataset.listText);
    list.hidden = true;
    hidden.after(list);
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    list.after(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var items = list.children;
      active = index;
      for (var i = 0; i < items.length; i += 1) {
        items[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var choice = choices[index];
      input.value = choice.name;
      hidden.value = choice.id;
      close();
    }

    function show(found) {
      choices = found;
      list.textContent = "";
      found.forEach(function (choice, index) {
        var item = document.createElement("li");
        item.id = listId + "-" + index;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = choice.name;
        if (choice.detail) {
          var detail = document.createElement("span");
          detail.className = "meta";
          detail.textContent = " " + choice.detail;
          item.appendChild(detail);
        }
        // mousedown, not click: the field keeps its focus
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(index);
        });
        list.appendChild(item);
      });
      status.textContent = found.length ? input.dataset.countText.replace("%d", found.length) : input.dataset.noneText;
      list.hidden = found.length === 0;
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      active = -1;
    }

    function fetchChoices() {
      var text = input.value.trim();
      if (!text) {
        show([]);
        return;
      }
      asked = text;
      var url = input.dataset.suggest + "?type=" + encodeURIComponent(input.dataset.pick) + "&q=" + encodeURIComponent(text);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { choices: [] }; })
        .then(function (body) {
          if (asked === text && input.value.trim() === text && document.activeElement === input) {
            show(body.choices || []);
          }
        })
        .catch(function () { show([]); });
    }

    input.addEventListener("input", function () {
      hidden.value = input.value;
      clearTimeout(timer);
      timer = setTimeout(fetchChoices, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) { fetchChoices(); return; }
        highlight(Math.min(active + 1, choices.length - 1));
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      } else if (event.key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll("input[data-pick]").forEach(enhance);
})();
